from django import forms
from django.utils.translation import gettext_lazy as _

from jamhub.fanclubs.models import Frequency

SITE_CHOICES = [
    (Frequency.IMMEDIATE, _("Show them")),
    (Frequency.NEVER, _("Do not show them")),
]


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20_000,
        help_text=_("Markdown: *italic*, **bold**, [links](https://example.org)."),
    )
    image = forms.ImageField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at least 300×300 pixels."),
    )
    fans_only = forms.BooleanField(
        label=_("Fans only"),
        required=False,
        help_text=_("Only the fan club's members can read it."),
    )


class PreferencesForm(forms.Form):
    album_site = forms.ChoiceField(
        label=_("New albums, on the site"), choices=SITE_CHOICES
    )
    album_email = forms.ChoiceField(
        label=_("New albums, by email"), choices=Frequency.choices
    )
    news_site = forms.ChoiceField(
        label=_("Artist news, on the site"), choices=SITE_CHOICES
    )
    news_email = forms.ChoiceField(
        label=_("Artist news, by email"), choices=Frequency.choices
    )
