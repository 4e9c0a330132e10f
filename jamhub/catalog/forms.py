from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from jamhub.catalog.models import MemberRole
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


class ArtistSettingsForm(ArtistForm):
    links = forms.CharField(
        label=_("Links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Your website, social and shop pages: one address per line."),
    )
    image = forms.ImageField(
        label=_("Photo or logo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at least 300×300 pixels."),
    )

    def clean_links(self) -> list[str]:
        validator = URLValidator(schemes=["http", "https"])
        links = [line.strip() for line in self.cleaned_data["links"].splitlines()]
        links = [link for link in links if link]
        if len(links) > 10:
            raise forms.ValidationError(_("At most 10 links."))
        for link in links:
            try:
                validator(link)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    _("%(link)s is not a web address.") % {"link": link}
                ) from exc
        return links


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of their JamHub account"), max_length=254
    )
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)


class AlbumForm(forms.Form):
    title = forms.CharField(label=_("Album title"), max_length=200)
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=licence_choices(for_new_uploads=True),
        widget=forms.RadioSelect,
        help_text=_(
            "Everyone may listen to, download and share your album for free. Choose "
            "what else you allow, and whether they must credit you."
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
    # Tag slugs keep every script (ロック): see jamhub.core.text.tag_slug.
    tag = forms.SlugField(
        label=_("Tag"), required=False, max_length=100, allow_unicode=True
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=1900, max_value=2100
    )
