"""LICENSE.txt and README.txt, the texts that travel with every album folder."""

import unicodedata

import pytest
from django.utils import translation

from jamhub.licensing.credits import AlbumCredits, copyright_notice
from jamhub.licensing.licences import LICENCES, get_licence
from jamhub.licensing.tags import licence_txt, readme_txt, write_album_texts

ALBUM_URL = "https://jamhub.example/albums/42-tides-of-glass/"
LONG_TITLE = (
    "Harbour Lights at the End of a Very Long Night Spent Walking Along the Quays"
)


def album_credits(**changes) -> AlbumCredits:
    fields = {
        "artist": "Émilie & Zoë 東京",
        "album": "Tides of Glass",
        "year": 2024,
        "licence": get_licence("cc-by-sa-4.0"),
        "album_url": ALBUM_URL,
        "tracks": [
            (1, "Low Tide", 205.4),
            (2, "It’s Only Water", 61.6),
            (3, LONG_TITLE, 3599.6),
        ],
        "formats": "MP3 (VBR V0), Ogg Vorbis (q6), FLAC",
    }
    return AlbumCredits(**(fields | changes))


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def unwrapped(text: str) -> str:
    return " ".join(text.split())


def test_licence_txt_names_the_licence_and_its_links():
    text = licence_txt(album_credits())

    lines = text.splitlines()
    assert lines[0] == "Tides of Glass by Émilie & Zoë 東京"
    assert "Licence:    Creative Commons Attribution-ShareAlike 4.0 International" in (
        text
    )
    assert "Deed:       https://creativecommons.org/licenses/by-sa/4.0/" in lines
    assert (
        "Legal code: https://creativecommons.org/licenses/by-sa/4.0/legalcode" in lines
    )
    assert f"Album page: {ALBUM_URL}" in lines


def test_licence_txt_has_the_attribution_line():
    text = unwrapped(licence_txt(album_credits()))

    assert (
        "Tides of Glass by Émilie & Zoë 東京, 2024, licensed under CC BY-SA 4.0: "
        "https://creativecommons.org/licenses/by-sa/4.0/"
    ) in text


def test_licence_txt_gives_a_ready_to_copy_credit():
    text = unwrapped(licence_txt(album_credits()))

    assert "How to credit the artist" in text
    assert (
        f"“Tides of Glass” by Émilie & Zoë 東京 ({ALBUM_URL}), licensed under "
        "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)"
    ) in text


def test_licence_txt_says_what_the_licence_allows_in_english():
    with translation.override("fr"):
        text = unwrapped(licence_txt(album_credits()))

    assert str(get_licence("cc-by-sa-4.0").summary) in text


def test_licence_txt_without_a_year_drops_it_cleanly():
    text = unwrapped(licence_txt(album_credits(year=None)))

    assert "Tides of Glass by Émilie & Zoë 東京, licensed under CC BY-SA 4.0:" in text
    assert "None" not in text


def test_cc0_is_a_dedication_and_credit_is_optional():
    text = unwrapped(licence_txt(album_credits(licence=get_licence("cc0-1.0"))))

    assert "2024, dedicated to the public domain under CC0 1.0:" in text
    assert "CC0 1.0 does not require credit" in text


def test_readme_txt_lists_the_album_and_its_tracks():
    lines = readme_txt(album_credits()).splitlines()

    assert lines[:2] == ["Tides of Glass", "by Émilie & Zoë 東京, 2024"]
    assert "  1. Low Tide (3:25)" in lines
    assert "  2. It’s Only Water (1:02)" in lines
    assert unwrapped(readme_txt(album_credits())).count("(60:00)") == 1
    assert "Total: 64:27" in lines
    assert "Formats: MP3 (VBR V0), Ogg Vorbis (q6), FLAC" in lines


def test_readme_txt_wraps_long_titles_under_the_title():
    lines = readme_txt(album_credits()).splitlines()

    start = lines.index(next(line for line in lines if line.startswith("  3. ")))
    assert lines[start + 1].startswith("     ")
    assert lines[start + 1].endswith("(60:00)")


def test_readme_txt_says_licence_origin_and_sharing():
    text = unwrapped(readme_txt(album_credits()))

    assert (
        "Licence: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)"
    ) in text
    assert "This album comes from JamHub," in text
    assert ALBUM_URL in text
    assert "BitTorrent" in text
    assert "LICENSE.txt" in text


@pytest.mark.parametrize("render", [licence_txt, readme_txt])
@pytest.mark.parametrize("code", list(LICENCES))
def test_texts_are_plain_lines_of_at_most_78_columns(render, code):
    text = render(album_credits(licence=get_licence(code)))

    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\r" not in text
    assert "\t" not in text
    for line in text.splitlines():
        assert columns(line) <= 78, line
        assert line == line.rstrip()


@pytest.mark.parametrize("render", [licence_txt, readme_txt])
def test_wide_characters_count_two_columns(render):
    wide_title = " ".join(["東京タワーの夜"] * 10)  # 14 columns per word, 7 characters

    text = render(album_credits(album=wide_title, tracks=[(1, wide_title, 60.0)]))

    assert max(columns(line) for line in text.splitlines()) <= 78


def test_write_album_texts_writes_both_files_in_utf8(tmp_path):
    credits = album_credits()

    licence_path, readme_path = write_album_texts(tmp_path, credits)

    assert licence_path == tmp_path / "LICENSE.txt"
    assert readme_path == tmp_path / "README.txt"
    assert licence_path.read_bytes() == licence_txt(credits).encode("utf-8")
    assert readme_path.read_bytes() == readme_txt(credits).encode("utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "LICENSE.txt",
        "README.txt",
    ]


def test_the_same_credits_give_the_same_bytes(tmp_path):
    # The texts are in every torrent: their bytes decide the info-hash.
    first = tmp_path / "first"
    second = tmp_path / "second"
    first.mkdir()
    second.mkdir()

    write_album_texts(first, album_credits())
    with translation.override("fr"):
        write_album_texts(second, album_credits())

    for name in ("LICENSE.txt", "README.txt"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_track_credits_follow_the_album():
    credits = album_credits().track_credits()

    assert [(c.track_number, c.track_total, c.title) for c in credits] == [
        (1, 3, "Low Tide"),
        (2, 3, "It’s Only Water"),
        (3, 3, LONG_TITLE),
    ]
    assert {(c.artist, c.album, c.year, c.album_url) for c in credits} == {
        ("Émilie & Zoë 東京", "Tides of Glass", 2024, ALBUM_URL)
    }


def test_copyright_notice_follows_the_id3_form():
    licence = get_licence("cc-by-4.0")

    assert copyright_notice(
        artist="Low Tide", year=2024, licence=licence, album_url=ALBUM_URL
    ) == (
        "2024 Low Tide. Licensed to the public under "
        f"https://creativecommons.org/licenses/by/4.0/ verify at {ALBUM_URL}"
    )
    assert copyright_notice(
        artist="M.I.A.", year=None, licence=licence, album_url=ALBUM_URL
    ).startswith("M.I.A. Licensed to the public under ")


@pytest.mark.parametrize(
    ("code", "asks_to_mark_changes"),
    [("cc-by-sa-4.0", True), ("free-art-1.3", True), ("cc-by-nd-4.0", False)],
)
def test_licence_txt_asks_remixers_to_say_so(code, asks_to_mark_changes):
    text = unwrapped(licence_txt(album_credits(licence=get_licence(code))))

    assert ("“remixed by”" in text) == asks_to_mark_changes
    assert ("or remix this music" in text) == asks_to_mark_changes
