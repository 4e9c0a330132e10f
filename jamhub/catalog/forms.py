from django import forms
from django.utils.translation import gettext_lazy as _

from jamhub.licensing.licences import licence_choices


class ArtistForm(forms.Form):
    name = forms.CharField(label=_("Artist or band name"), max_length=120)
    location = forms.CharField(label=_("Location"), max_length=120, required=False)
    bio = forms.CharField(
        label=_("Biography"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10_000,
        help_text=_("Markdown: *italic*, **bold**, [links](https://example.org)."),
    )


class AlbumForm(forms.Form):
    title = forms.CharField(label=_("Album title"), max_length=200)
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=licence_choices(for_new_uploads=True),
        widget=forms.RadioSelect,
        help_text=_(
            "Everyone may listen, download and share your album for free and "
            "must credit you. Choose what else you allow."
        ),
    )
    release_date = forms.DateField(
        label=_("Release date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
        help_text=_("Markdown."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the artist reads it)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class AlbumFilterForm(forms.Form):
    licence = forms.ChoiceField(
        label=_("Licence"),
        required=False,
        choices=[("", _("Any licence")), *licence_choices(for_new_uploads=False)],
    )
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1900, max_value=2100
    )
