"""Numbers in URLs, query strings, forms and JSON: one rule (jamhub.core.ids), and
every route answers 404 to a number no row can have, never 500."""

import re

import pytest
from django.http import Http404
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import given
from hypothesis import strategies as st

from jamhub.core.ids import MAX_ID, id_or_none, parse_id
from tests.factories import UserFactory, client_for

# Unicode digits pass str.isdigit() ("²" then fails int(), "١٢" becomes 12), a
# negative or a zero is no id, and past 2**63 - 1 the database's integers overflow.
NOT_IDS = ["²", "١٢", "-1", "0", str(2**63), str(10**30), "1" * 23]


@pytest.mark.parametrize("text", [*NOT_IDS, "", " 1", "1 ", "+1", "1.0", "0x1"])
def test_parse_id_refuses_what_cannot_be_a_primary_key(text):
    assert id_or_none(text) is None
    with pytest.raises(Http404):
        parse_id(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", 1), ("007", 7), (str(MAX_ID), MAX_ID), (42, 42), (True, None), (1.0, None)],
)
def test_ids_are_ascii_digits_within_the_databases_range(value, expected):
    assert id_or_none(value) == expected


@given(st.one_of(st.text(), st.integers(), st.none(), st.floats()))
def test_any_value_is_an_id_in_range_or_none(value):
    number = id_or_none(value)

    assert number is None or 1 <= number <= MAX_ID
    if isinstance(value, str) and number is not None:
        assert value.isascii()
        assert value.isdigit()


def _id_routes() -> list[str]:
    """Every URL pattern with an id in it, as text ("en/reviews/<id:review_id>/")."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif isinstance(pattern, URLPattern) and "<id:" in text:
                found.append(text)

    walk(get_resolver().url_patterns, "")
    return found


ID_ROUTES = _id_routes()
# Wagtail's and Django's: their own converters (the public one is tested below).
THIRD_PARTY = ("cms/", "django-admin/", "documents/", "en/_util/")


def test_every_numeric_route_of_ours_uses_the_id_converter():
    assert len(ID_ROUTES) >= 30  # the walk found them
    int_routes = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if text.startswith(THIRD_PARTY):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, text)
            elif "<int:" in text:
                int_routes.append(text)

    walk(get_resolver().url_patterns, "")
    assert int_routes == []


def _url(route: str, number: str) -> str:
    url = re.sub(r"<id:[a-z_]+>", number, route)
    url = re.sub(r"<path:[a-z_]+>", "some/file.mp3", url)
    url = re.sub(r"<(?:slug|str):[a-z_]+>", "x", url)
    return "/" + url.lstrip("^").rstrip("$")


@pytest.mark.django_db
@pytest.mark.parametrize("number", NOT_IDS)
def test_every_route_answers_404_to_a_number_no_row_can_have(number):
    staff = client_for(UserFactory(is_staff=True, is_superuser=True))
    anonymous = Client()
    # A route refused at resolution never reaches its view: GET and POST alike.
    for route in ID_ROUTES:
        url = _url(route, number)
        for client in (staff, anonymous):
            assert client.get(url).status_code == 404, url
            assert client.post(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("number", NOT_IDS)
def test_wagtails_public_numeric_route_answers_404_too(number):
    url = f"/en/_util/authenticate_with_password/{number}/{number}/"

    assert Client().post(url, {"password": "x"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("top", ["albums", "zips", "torrents"])
@pytest.mark.parametrize("number", NOT_IDS)
def test_album_media_answer_404_to_a_number_no_album_can_have(top, number):
    response = Client().get(f"/media/{top}/{number}/x/01.mp3")

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("number", NOT_IDS)
def test_the_web_seed_answers_404_to_a_number_no_album_can_have(number):
    response = Client().get(f"/webseed/{number}/The Loops/01.mp3")

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("track", ["²", "١٢", -1, 0, 10**30, True, "1" * 23])
def test_a_play_of_a_track_no_row_can_be_is_refused(track):
    response = Client().post(
        "/api/plays/", {"track": track, "seconds": 40}, content_type="application/json"
    )

    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("number", NOT_IDS)
def test_an_artist_radio_answers_404_to_a_number_no_artist_can_have(number):
    for url in (f"/en/radios/artist/{number}/", f"/en/radios/artist/{number}/next/"):
        assert Client().get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("number", NOT_IDS)
def test_a_playlist_form_with_a_number_no_track_can_have_changes_nothing(number):
    listener = UserFactory()
    client = client_for(listener)

    response = client.post("/en/playlists/add-track/", {"track": number})

    assert response.status_code == 404
    assert not listener.playlists.exists()
