"""StreamField blocks shared by every editorial page type."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "blockquote"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "editorial/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    # Images on a Creative Commons site carry their own credit line.
    credit = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Credit"),
        help_text=_("Author and licence of the image"),
    )

    class Meta:
        icon = "image"
        template = "editorial/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=1000, label=_("Quotation"))
    attribution = blocks.CharBlock(
        required=False, max_length=120, label=_("Attribution")
    )

    class Meta:
        icon = "openquote"
        template = "editorial/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Title"))
    text = blocks.TextBlock(required=False, max_length=500, label=_("Text"))
    button_text = blocks.CharBlock(max_length=40, label=_("Button text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.URLBlock(
        required=False, label=_("URL"), help_text=_("Used when no page is chosen")
    )

    class Meta:
        icon = "pick"
        template = "editorial/blocks/call_to_action.html"

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={
                    "page": ValidationError(_("Choose a page or give a URL."))
                }
            )
        return value


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", label=_("Paragraph")
    )
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    call_to_action = CallToActionBlock(label=_("Call to action"))


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=[
            ("mastodon", "Mastodon"),
            ("bluesky", "Bluesky"),
            ("peertube", "PeerTube"),
            ("youtube", "YouTube"),
            ("instagram", "Instagram"),
            ("facebook", "Facebook"),
            ("github", "GitHub"),
            ("other", _("Other")),
        ],
        label=_("Network"),
    )
    url = blocks.URLBlock(label=_("URL"))
    label = blocks.CharBlock(
        required=False, max_length=40, label=_("Label"), help_text=_("Link text")
    )

    class Meta:
        icon = "link"


class TranslatedTextBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=settings.LANGUAGES, label=_("Language"))
    text = blocks.CharBlock(max_length=200, label=_("Text"))

    class Meta:
        icon = "globe"
