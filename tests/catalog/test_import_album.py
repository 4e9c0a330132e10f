"""python manage.py import_album: a folder of files through the upload pipeline."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from jamhub.accounts.models import User
from jamhub.catalog.models import Album, AlbumStatus, Artist, Rendition
from tests.factories import PASSWORD, UserFactory
from tests.media import make_audio, make_image


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser(email="root@jamhub.test", password=PASSWORD)


@pytest.fixture
def album_folder(tmp_path):
    folder = tmp_path / "Night Drive"
    for number, title in ((1, "Ignition"), (2, "Highway"), (10, "Dawn")):
        make_audio(
            folder / f"{number} {title}.flac", seconds=1.5, tags={"title": title}
        )
    make_image(folder / "cover.png", size=(400, 400))
    return folder


@pytest.fixture
def one_track_folder(tmp_path):
    folder = tmp_path / "Night Drive"
    make_audio(folder / "Ignition.mp3", seconds=1.5)
    return folder


def test_import_publishes_the_folder_as_an_album(album_folder, superuser):
    # given
    out = StringIO()

    # when
    call_command(
        "import_album",
        str(album_folder),
        "--artist",
        "Demo Band",
        "--licence",
        "cc-by-4.0",
        "--publish",
        "--owner",
        superuser.email,
        stdout=out,
        stderr=StringIO(),
    )

    # then
    album = Album.objects.get()
    assert album.status == AlbumStatus.PUBLISHED
    assert album.title == "Night Drive"
    assert album.licence == "cc-by-4.0"
    assert album.artist.name == "Demo Band"
    assert album.artist.memberships.get().user == superuser
    assert album.cover
    # natural order: 10 comes after 2
    assert list(album.tracks.values_list("number", "title")) == [
        (1, "Ignition"),
        (2, "Highway"),
        (3, "Dawn"),
    ]
    assert set(
        Rendition.objects.filter(track__album=album).values_list("format", flat=True)
    ) == {
        "mp3",
        "ogg",
        "flac",
    }
    assert Rendition.objects.filter(track__album=album, format="flac").count() == 3
    printed = out.getvalue().splitlines()
    assert printed[-1] == f"{settings.SITE_URL}/en/artists/demo-band/night-drive/"
    assert "Published 3 tracks:" in out.getvalue()
    # the source folder is left as it was
    assert sorted(p.name for p in album_folder.iterdir()) == [
        "1 Ignition.flac",
        "10 Dawn.flac",
        "2 Highway.flac",
        "cover.png",
    ]


def test_import_without_publish_leaves_the_album_for_review(
    one_track_folder, superuser
):
    # given
    out = StringIO()

    # when
    call_command(
        "import_album",
        str(one_track_folder),
        "--artist",
        "Demo Band",
        "--licence",
        "cc-by-sa-4.0",
        "--title",
        "Night Drive (remastered)",
        stdout=out,
    )

    # then the default owner is the first superuser
    album = Album.objects.get()
    assert album.status == AlbumStatus.PENDING_REVIEW
    assert album.title == "Night Drive (remastered)"
    assert album.created_by == superuser
    assert out.getvalue().rstrip().endswith("the album waits for review.")


def test_an_unknown_licence_is_a_command_error_naming_the_codes(
    one_track_folder, superuser
):
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_album",
            str(one_track_folder),
            "--artist",
            "Demo Band",
            "--licence",
            "cc-by-5.0",
            stdout=StringIO(),
        )

    message = str(raised.value)
    assert "cc-by-5.0" in message
    assert "cc-by-4.0" in message
    assert "cc0-1.0" in message
    assert not Album.objects.exists()
    assert not Artist.objects.exists()


def test_an_empty_folder_is_a_command_error(tmp_path, superuser):
    # given
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no audio here")

    # when / then
    with pytest.raises(CommandError, match="No audio file in"):
        call_command(
            "import_album",
            str(empty),
            "--artist",
            "Demo Band",
            "--licence",
            "cc-by-4.0",
            stdout=StringIO(),
        )
    assert not Album.objects.exists()


def test_a_folder_of_unusable_files_is_a_command_error_leaving_no_album(
    tmp_path, superuser
):
    # given
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "a.mp3").write_bytes(b"not audio at all" * 100)
    err = StringIO()

    # when / then
    with pytest.raises(CommandError, match=r"None of the files could be imported\."):
        call_command(
            "import_album",
            str(folder),
            "--artist",
            "Demo Band",
            "--licence",
            "cc-by-4.0",
            stdout=StringIO(),
            stderr=err,
        )
    assert "refused a.mp3: This file is not audio we can read." in err.getvalue()
    assert not Album.objects.exists()


def test_an_unknown_owner_is_a_command_error(one_track_folder, db):
    with pytest.raises(CommandError, match=r"No account with the email nobody@x\.test"):
        call_command(
            "import_album",
            str(one_track_folder),
            "--artist",
            "Demo Band",
            "--licence",
            "cc-by-4.0",
            "--owner",
            "nobody@x.test",
            stdout=StringIO(),
        )


def test_publish_by_an_owner_who_is_not_a_moderator_is_a_command_error(
    one_track_folder, db
):
    # given
    artist_member = UserFactory()

    # when / then: refused before anything is created
    with pytest.raises(CommandError, match="may not publish without review"):
        call_command(
            "import_album",
            str(one_track_folder),
            "--artist",
            "Demo Band",
            "--licence",
            "cc-by-4.0",
            "--publish",
            "--owner",
            artist_member.email,
            stdout=StringIO(),
        )
    assert not Album.objects.exists()
    assert not Artist.objects.exists()
