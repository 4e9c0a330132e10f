"""Chart pages, the "How charts work" page and the raw-input dumps."""

import csv
import json
from collections.abc import Iterator

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from jamhub.charts import queries
from jamhub.charts.ranking import DUMP_FIELDS, FORMULA, FORMULA_VERSION, Period
from jamhub.licensing.licences import licence_choices

ROWS_PER_PAGE = 50

PERIOD_LABELS = {
    Period.WEEK: _("This week"),
    Period.MONTH: _("This month"),
    Period.ALL_TIME: _("All time"),
    Period.TRENDING: _("Trending"),
}


class ChartFilterForm(forms.Form):
    licence = forms.ChoiceField(
        label=_("Licence"),
        required=False,
        choices=[("", _("Any licence")), *licence_choices(for_new_uploads=False)],
    )
    # Tag slugs keep every script (ロック): see jamhub.core.text.tag_slug.
    tag = forms.SlugField(
        label=_("Tag"), required=False, max_length=100, allow_unicode=True
    )


def _period(value: str) -> Period:
    try:
        return Period(value)
    except ValueError:
        raise Http404 from None


class _Page:
    """What Paginator needs of a chart: its length, and slices of rows."""

    def __init__(self, snapshot, tag: str, licence: str) -> None:  # type: ignore[no-untyped-def]
        self.snapshot, self.tag, self.licence = snapshot, tag, licence

    def count(self) -> int:
        return queries.scope_size(self.snapshot, tag=self.tag, licence=self.licence)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[queries.ChartRow]:
        return queries.chart_rows(
            self.snapshot,
            tag=self.tag,
            licence=self.licence,
            offset=window.start or 0,
            limit=(window.stop or 0) - (window.start or 0),
        )


@require_safe
def chart(request: HttpRequest, period: str = Period.WEEK.value) -> HttpResponse:
    chosen = _period(period)
    form = ChartFilterForm(request.GET or None)
    tag = licence = ""
    if form.is_valid():
        tag, licence = form.cleaned_data["tag"], form.cleaned_data["licence"]
    snapshot = queries.latest_snapshot(chosen)
    rows = None
    if snapshot is not None:
        rows = Paginator(_Page(snapshot, tag, licence), ROWS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    queue: list[dict[str, object]] = []
    if rows is not None:
        rows.object_list, queue = queries.with_player_queue(list(rows.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "charts/chart.html",
        {
            "period": chosen,
            "periods": [(p.value, label) for p, label in PERIOD_LABELS.items()],
            "period_label": PERIOD_LABELS[chosen],
            "snapshot": snapshot,
            "rows": rows,
            "form": form,
            "filtered": bool(tag or licence),
            "extra_query": query.urlencode(),
            "queue": queue,
            # No earlier chart to compare with: no movement column at all.
            "has_movement": rows is not None
            and any(row.movement is not None for row in rows.object_list),
            "min_ratings_to_lead": FORMULA.min_ratings_to_lead,
        },
    )


@require_safe
def how_charts_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "charts/how.html",
        {
            "formula": FORMULA,
            "formula_version": FORMULA_VERSION,
            "periods": [(p.value, label) for p, label in PERIOD_LABELS.items()],
            "dump_fields": DUMP_FIELDS,
        },
    )


def _json_chunks(snapshot) -> Iterator[str]:  # type: ignore[no-untyped-def]
    header = json.dumps(queries.dump_header(snapshot))[:-1]
    yield header + ', "fields": ' + json.dumps(list(DUMP_FIELDS)) + ', "rows": ['
    for index, row in enumerate(queries.dump_rows(snapshot)):
        yield ("," if index else "") + json.dumps(list(row))
    yield "]}\n"


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_chunks(snapshot) -> Iterator[str]:  # type: ignore[no-untyped-def]
    writer = csv.writer(_Echo())
    header = queries.dump_header(snapshot)
    # The chart's parameters first, as comment lines, then the table.
    for key, value in header.items():
        yield f"# {key}: {value}\n"
    yield writer.writerow(DUMP_FIELDS)
    for row in queries.dump_rows(snapshot):
        yield writer.writerow(row)


@require_safe
def dump(request: HttpRequest, period: str, fmt: str) -> StreamingHttpResponse:
    """The inputs and scores of the latest chart, for anyone to recompute."""
    snapshot = queries.latest_snapshot(_period(period))
    if snapshot is None:
        raise Http404
    stamp = snapshot.computed_at.strftime("%Y%m%dT%H%M")
    if fmt == "json":
        response = StreamingHttpResponse(
            _json_chunks(snapshot), content_type="application/json"
        )
    elif fmt == "csv":
        response = StreamingHttpResponse(
            _csv_chunks(snapshot), content_type="text/csv; charset=utf-8"
        )
    else:
        raise Http404
    response["Content-Disposition"] = (
        f'attachment; filename="jamhub-chart-{snapshot.period}-{stamp}.{fmt}"'
    )
    return response
