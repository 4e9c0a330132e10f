"""What the results page shows of facets: labels in the reader's language, counts,
whether each value is on, and the URL that turns it on or off."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from jamhub.licensing.licences import LICENCES
from search.params import selected_values, toggled
from search.query import FacetName, FacetValue, SearchResults


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    toggle_query: str


@dataclass(frozen=True)
class FacetGroup:
    name: str
    title: str
    options: list[FacetOption]


def _titles() -> dict[FacetName, str]:
    return {
        FacetName.TAG: _("Tags"),
        FacetName.COMMERCIAL: _("Permissions"),
        FacetName.LICENCE: _("Licence"),
        FacetName.LOSSLESS: _("Format"),
        FacetName.DECADE: _("Decade"),
        FacetName.YEAR: _("Year"),
        FacetName.DURATION: _("Duration"),
    }


def _label(facet: FacetName, value: FacetValue) -> str:
    if facet == FacetName.TAG:
        return value.label or value.value
    if facet == FacetName.LICENCE:
        licence = LICENCES.get(value.value)
        return licence.short_name if licence else value.value
    if facet == FacetName.COMMERCIAL:
        return _("Allows commercial use")
    if facet == FacetName.REMIX:
        return _("Allows remixes")
    if facet == FacetName.LOSSLESS:
        return _("Lossless (FLAC) available")
    if facet == FacetName.DECADE:
        return _("The %(decade)ss") % {"decade": value.value}
    if facet == FacetName.DURATION:
        return {
            "short": _("Under 20 minutes"),
            "medium": _("20 to 45 minutes"),
            "long": _("Over 45 minutes"),
        }.get(value.value, value.value)
    return value.value


def facet_groups(results: SearchResults, data: QueryDict) -> list[FacetGroup]:
    """Facet groups in display order; the permission flags share one group."""
    selected = selected_values(results.query)

    def options(facet: FacetName) -> list[FacetOption]:
        values = list(results.facets.get(facet, []))
        if facet in (FacetName.DECADE, FacetName.YEAR):
            values.sort(key=lambda v: v.value, reverse=True)
        shown = {v.value for v in values}
        # A selected value that matches nothing stays visible, so it can be undone.
        values += [FacetValue(v, 0) for v in sorted(selected[facet] - shown)]
        return [
            FacetOption(
                value=v.value,
                label=_label(facet, v),
                count=v.count,
                selected=v.value in selected[facet],
                toggle_query=toggled(data, facet, v.value),
            )
            for v in values
        ]

    titles = _titles()
    groups = [
        FacetGroup(
            "permissions",
            titles[FacetName.COMMERCIAL],
            options(FacetName.COMMERCIAL) + options(FacetName.REMIX),
        )
    ]
    for facet in (
        FacetName.TAG,
        FacetName.LICENCE,
        FacetName.LOSSLESS,
        FacetName.DECADE,
        FacetName.YEAR,
        FacetName.DURATION,
    ):
        groups.append(FacetGroup(str(facet), titles[facet], options(facet)))
    return [group for group in groups if group.options]
