from django import forms
from django.utils.translation import gettext_lazy as _

from jamhub.community.models import ReportReason
from jamhub.community.models.reviews import BODY_MAX_LENGTH

RATING_CHOICES = [
    (5, _("5 – Outstanding")),
    (4, _("4 – Very good")),
    (3, _("3 – Good")),
    (2, _("2 – Fair")),
    (1, _("1 – Poor")),
]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Your review (optional)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=BODY_MAX_LENGTH,
        help_text=_("Markdown: *italic*, **bold**, [links](https://example.org)."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply as the artist"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=BODY_MAX_LENGTH,
        help_text=_("Markdown. One reply per review; you can edit it later."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this review?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Details for the moderators (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class HideReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("The author reads it."),
    )


class DismissReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("The person who reported the review reads it."),
    )


class TagForm(forms.Form):
    tags = forms.CharField(
        label=_("Add tags"),
        max_length=500,
        help_text=_("Separate tags with commas: ambient, field recordings"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-tag-autocomplete": ""}
        ),
    )


class RenameTagForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=50)


class MergeTagForm(forms.Form):
    into = forms.CharField(
        label=_("Merge into the tag"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "data-tag-autocomplete": "single"}
        ),
    )


class BanTagForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class PlaylistForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    is_public = forms.BooleanField(
        label=_("Public: anyone with the link can listen"), required=False
    )
