"""Reading a search from the URL's query string and writing it back, so that every
results page has a shareable URL."""

from django.http import QueryDict

from search.query import MAX_PAGE, FacetName, SearchQuery, Sort
from search.text import MAX_TEXT, clean

MAX_VALUES = 10
MAX_VALUE_LENGTH = 100
# URL parameter of each facet's filter.
PARAMS = {
    FacetName.TAG: "tag",
    FacetName.LICENCE: "licence",
    FacetName.COMMERCIAL: "commercial",
    FacetName.REMIX: "remix",
    FacetName.LOSSLESS: "lossless",
    FacetName.DECADE: "decade",
    FacetName.YEAR: "year",
    FacetName.DURATION: "duration",
}
FLAG_VALUE = "yes"


def _strings(data: QueryDict, name: str) -> tuple[str, ...]:
    values = [clean(value, limit=MAX_VALUE_LENGTH) for value in data.getlist(name)]
    return tuple(dict.fromkeys(value for value in values if value))[:MAX_VALUES]


def _small_number(value: str, *, digits: int) -> int | None:
    """An ASCII number of at most `digits` digits ("²" passes str.isdigit() but not
    int(), and a huge year would overflow the database's integers)."""
    if value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None


def _numbers(data: QueryDict, name: str) -> tuple[int, ...]:
    """Years and decades: four digits at most."""
    numbers = (_small_number(value, digits=4) for value in _strings(data, name))
    return tuple(number for number in numbers if number is not None)


def _page(data: QueryDict) -> int:
    page = _small_number(data.get("page", "1"), digits=6)
    return min(max(page, 1), MAX_PAGE) if page is not None else 1


def query_from(data: QueryDict) -> SearchQuery:
    """The search a query string describes; unknown or malformed values are
    dropped, never an error."""
    sort = data.get("sort", Sort.RELEVANCE)
    return SearchQuery(
        text=clean(data.get("q", ""), limit=MAX_TEXT),
        # Tag slugs are lower case: ?tag=Ambient filters on ambient.
        tags=tuple(dict.fromkeys(tag.lower() for tag in _strings(data, "tag"))),
        licences=_strings(data, "licence"),
        commercial=data.get("commercial") == FLAG_VALUE,
        remix=data.get("remix") == FLAG_VALUE,
        lossless=data.get("lossless") == FLAG_VALUE,
        decades=_numbers(data, "decade"),
        years=_numbers(data, "year"),
        durations=_strings(data, "duration"),
        sort=Sort(sort) if sort in Sort.__members__.values() else Sort.RELEVANCE,
        page=_page(data),
    )


def selected_values(query: SearchQuery) -> dict[FacetName, set[str]]:
    def flag(on: bool) -> set[str]:
        return {FLAG_VALUE} if on else set()

    return {
        FacetName.TAG: set(query.tags),
        FacetName.LICENCE: set(query.licences),
        FacetName.COMMERCIAL: flag(query.commercial),
        FacetName.REMIX: flag(query.remix),
        FacetName.LOSSLESS: flag(query.lossless),
        FacetName.DECADE: {str(d) for d in query.decades},
        FacetName.YEAR: {str(y) for y in query.years},
        FacetName.DURATION: set(query.durations),
    }


def toggled(data: QueryDict, facet: FacetName, value: str) -> str:
    """The query string with value of facet switched on or off, back on page 1."""
    copy = data.copy()
    copy.pop("page", None)
    name = PARAMS[facet]
    values = copy.getlist(name)

    def same(given: str) -> bool:
        # A tag typed in another case is the same filter (see query_from).
        if facet == FacetName.TAG:
            return given.strip().lower() == value.lower()
        return given == value

    if any(same(v) for v in values):
        values = [v for v in values if not same(v)]
    else:
        values.append(value)
    copy.setlist(name, values)
    return copy.urlencode()


def with_page(data: QueryDict, page: int) -> str:
    copy = data.copy()
    copy["page"] = str(page)
    return copy.urlencode()
