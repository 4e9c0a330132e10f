"""In a browser: the album page's licence card is as tall as what it holds, not
stretched into an empty box beside the (taller) downloads."""

import datetime

import pytest
from django.utils import timezone

from jamhub.catalog.models import Album, AlbumStatus, AlbumTorrent
from jamhub.catalog.services import albums as album_services
from tests.e2e.conftest import page  # noqa: F401 - the browser fixture

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.e2e,
    pytest.mark.timeout(240),
]


@pytest.fixture
def album_with_torrents(owner) -> Album:
    artist = album_services.create_artist(name="The Loops", by=owner)
    album = album_services.create_album(
        artist,
        title="First Light",
        licence="cc-by-sa-4.0",
        by=owner,
        release_date=datetime.date(2024, 5, 1),
    )
    Album.objects.filter(pk=album.pk).update(
        status=AlbumStatus.PUBLISHED, published_at=timezone.now()
    )
    for n, fmt in enumerate(("flac", "mp3", "ogg")):
        AlbumTorrent.objects.create(
            album=album,
            format=fmt,
            info_hash=f"{n:040d}",
            name=f"The Loops - First Light (2024) [{fmt.upper()}]",
            path=f"torrents/{album.pk}/{fmt}.torrent",
            size=1000,
            files_digest="x",
            seeders=2,
            completed=5,
        )
    return Album.objects.get(pk=album.pk)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_licence_card_has_no_empty_box(
    live_server,
    page,  # noqa: F811
    album_with_torrents,
    width,
):
    page.set_viewport_size({"width": width, "height": 850})
    page.goto(live_server.url + album_with_torrents.get_absolute_url())

    gap = page.locator(".album__aside > .licence").evaluate(
        """card => {
            const last = card.lastElementChild.getBoundingClientRect();
            const style = getComputedStyle(card);
            return card.getBoundingClientRect().bottom - last.bottom
                - parseFloat(style.paddingBottom) - parseFloat(style.borderBottomWidth)
                - parseFloat(getComputedStyle(card.lastElementChild).marginBottom);
        }"""
    )

    assert gap < 2, f"{gap}px of empty card below the licence link"
