"""The demo catalogue: ten published albums under varied licences, made here."""

import pytest

from jamhub.accounts.demo import load_demo_people
from jamhub.catalog import demo
from jamhub.catalog.models import Album, AlbumStatus, Rendition


@pytest.mark.slow
def test_the_demo_catalogue_is_published_once(db, monkeypatch):
    monkeypatch.setattr(demo, "TRACK_SECONDS", 2)
    load_demo_people()

    created = demo.load_demo_catalogue(log=lambda line: None)
    again = demo.load_demo_catalogue(log=lambda line: None)

    assert len(created) == 10
    assert again == []
    assert Album.objects.filter(status=AlbumStatus.PUBLISHED).count() == 10
    assert len(set(Album.objects.values_list("licence", flat=True))) >= 7
    lossy = Album.objects.get(title="Kitchen Sessions")
    lossless = Album.objects.get(title="Brume")
    assert set(
        Rendition.objects.filter(track__album=lossy).values_list("format", flat=True)
    ) == {"mp3", "ogg"}
    assert set(
        Rendition.objects.filter(track__album=lossless).values_list("format", flat=True)
    ) == {"mp3", "ogg", "flac"}
    assert lossless.cover
    assert sorted(lossless.tags.names()) == ["ambient", "electronic"]
