"""Primary keys read from URLs, query strings, forms and JSON: one rule for all.

An id is 1 to 19 ASCII digits whose value fits the database's primary keys
(BigAutoField: 1 .. 2**63 - 1). `str.isdigit()` is not that rule: "²" and "١٢" pass
it, then `int()` refuses the first and accepts the second; and a number past the
column's range makes SQLite and PostgreSQL raise (an OverflowError, a DataError)
wherever Django does not guard the lookup (foreign keys, `__in`, inserts)."""

import re

from django.http import Http404

MAX_ID = 2**63 - 1  # settings.DEFAULT_AUTO_FIELD is BigAutoField
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")  # never \d: it matches any Unicode digit


def id_or_none(value: object) -> int | None:
    """The id that `value` (text of ASCII digits, or an int) names, or None when it
    cannot be a primary key."""
    if isinstance(value, bool):  # JSON true is an int to Python
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_posted_id(value: object) -> int:
    """The id in a form field or JSON value; ValueError when it cannot be one."""
    number = id_or_none(value)
    if number is None:
        raise ValueError(f"not an id: {value!r:.40}")
    return number


def parse_id(text: str) -> int:
    """The id in a URL segment or query value; Http404 when it cannot be one."""
    number = id_or_none(text)
    if number is None:
        raise Http404
    return number


class IdConverter:
    """`<id:name>` in URL patterns: like `<int:name>`, without the numbers no row can
    have (Django's int converter takes any length, and the lookup then overflows).
    A value it refuses is no match, hence a 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = id_or_none(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)
