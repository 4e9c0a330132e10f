"""Artists' and albums' slugs: made by the one rule of jamhub.core.text.slug_for,
readable in any script, never empty, unique with a number."""

import pytest
from django.test import Client
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus
from jamhub.catalog.services import albums as album_services


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Ψυχεδέλεια", "psychedeleia"), ("ロック", "rotku"), ("🌊", "ocean")],
)
def test_a_name_in_any_script_makes_a_readable_slug(owner, name, slug):
    artist = album_services.create_artist(name=name, by=owner)
    album = album_services.create_album(
        artist, title=name, licence="cc-by-4.0", by=owner
    )

    assert artist.slug == album.slug == slug
    assert album.get_absolute_url() == f"/en/artists/{slug}/{slug}/"


def test_names_without_words_get_numbered_untitled_slugs(owner):
    slugs = [
        album_services.create_artist(name=name, by=owner).slug
        for name in ("!!!", "...", "\u200f")
    ]

    assert slugs == ["untitled", "untitled-2", "untitled-3"]


def test_retitling_a_draft_to_punctuation_keeps_a_usable_slug(artist, album, owner):
    album_services.update_album(
        album,
        by=owner,
        title="?!",
        licence=album.licence,
        release_date=None,
        description="",
    )

    album.refresh_from_db()
    assert (album.title, album.slug) == ("?!", "untitled")


def test_the_album_list_filters_by_a_tag_in_any_script(artist, album, owner):
    other = album_services.create_album(
        artist, title="Second Light", licence="cc-by-4.0", by=owner
    )
    Album.objects.filter(pk__in=[album.pk, other.pk]).update(
        status=AlbumStatus.PUBLISHED, published_at=timezone.now()
    )
    album.tags.add("ロック")
    other.tags.add("jazz")

    page = Client().get("/en/albums/", {"tag": "ロック"}).content.decode()

    assert album.title in page
    assert other.title not in page
