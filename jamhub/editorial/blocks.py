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
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "editorial/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    # Images on a Creative Commons site carry their own credit line.
    credit = blocks.CharBlock(
        required=False, max_length=250, help_text=_("Author and licence of the image")
    )

    class Meta:
        icon = "image"
        template = "editorial/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "editorial/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=500)
    button_text = blocks.CharBlock(max_length=40)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text=_("Used when no page is chosen"))

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
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


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
        ]
    )
    url = blocks.URLBlock()
    label = blocks.CharBlock(required=False, max_length=40, help_text=_("Link text"))

    class Meta:
        icon = "link"


class TranslatedTextBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=settings.LANGUAGES)
    text = blocks.CharBlock(max_length=200)

    class Meta:
        icon = "globe"
