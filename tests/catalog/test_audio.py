"""jamhub.catalog.audio against real files made by ffmpeg, never a mock of it."""

import hashlib
import os
import subprocess
import threading
from pathlib import Path

import pytest

from jamhub.catalog.audio import (
    MAX_DURATION,
    AudioError,
    RenditionTarget,
    decode_check,
    ffmpeg_version,
    make_renditions,
    probe,
    synthesize,
)
from tests.media import ffmpeg, make_audio, make_image, truncate

HLS_PLAYLIST = (
    "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n"
    "#EXT-X-ENDLIST\n"
)
TAGS = {"title": "Nuit blanche à Montréal", "artist": "Zoë & the Loops"}


def run_ffmpeg(*arguments: str) -> None:
    subprocess.run(
        [ffmpeg(), "-nostdin", "-loglevel", "error", "-y", *arguments], check=True
    )


def damage_middle(path: Path, length: int = 300) -> Path:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + length] = b"\x55" * length
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("suffix", "sample_rate", "container", "codec", "lossless"),
    [
        (".mp3", 44100, "mp3", "mp3", False),
        (".ogg", 44100, "ogg", "vorbis", False),
        (".opus", 48000, "ogg", "opus", False),  # libopus refuses 44.1 kHz
        (".flac", 44100, "flac", "flac", True),
        (".wav", 44100, "wav", "pcm_s16le", True),
        (".m4a", 44100, "mp4", "aac", False),
    ],
)
def test_probe_reads_each_accepted_format(
    tmp_path, suffix, sample_rate, container, codec, lossless
):
    # given
    path = make_audio(
        tmp_path / f"song{suffix}", seconds=2, sample_rate=sample_rate, tags=TAGS
    )

    # when
    info = probe(path)

    # then
    assert (info.format_name, info.codec, info.lossless) == (container, codec, lossless)
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert (info.sample_rate, info.channels) == (sample_rate, 2)
    assert info.tags["title"] == TAGS["title"]
    assert info.tags["artist"] == TAGS["artist"]
    assert (info.bits_per_sample == 16) is lossless


def test_probe_reads_alac_in_m4a_and_24_bit_aiff_as_lossless(tmp_path):
    # given
    alac, aiff = tmp_path / "song.m4a", tmp_path / "song.aiff"
    run_ffmpeg("-f", "lavfi", "-i", "sine=duration=2", "-c:a", "alac", str(alac))
    run_ffmpeg("-f", "lavfi", "-i", "sine=duration=2", "-c:a", "pcm_s24be", str(aiff))

    # when
    alac_info, aiff_info = probe(alac), probe(aiff)

    # then
    assert (alac_info.format_name, alac_info.codec) == ("mp4", "alac")
    assert (aiff_info.format_name, aiff_info.codec) == ("aiff", "pcm_s24be")
    assert alac_info.lossless
    assert aiff_info.lossless
    assert aiff_info.bits_per_sample == 24


def test_probe_types_by_content_so_a_flac_named_mp3_is_flac(tmp_path):
    # given
    path = make_audio(tmp_path / "song.mp3", seconds=2, fmt=".flac")

    # when
    info = probe(path)

    # then
    assert (info.format_name, info.codec, info.lossless) == ("flac", "flac", True)


def test_probe_refuses_an_empty_file(tmp_path):
    # given
    path = tmp_path / "song.mp3"
    path.write_bytes(b"")

    # when
    with pytest.raises(AudioError) as refused:
        probe(path)

    # then
    assert refused.value.code == "empty"
    assert str(refused.value) == "This file is empty."


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(os.urandom(4096), id="random-bytes"),
        pytest.param(b"Just a text file, honest.\n" * 50, id="text"),
        pytest.param(HLS_PLAYLIST.encode(), id="hls-playlist"),
    ],
)
def test_probe_refuses_what_is_not_audio_even_named_mp3(tmp_path, content):
    # given
    path = tmp_path / "x.mp3"
    path.write_bytes(content)

    # when
    with pytest.raises(AudioError) as refused:
        probe(path)

    # then
    assert refused.value.code == "not_audio"
    assert str(refused.value) == "This file is not audio we can read."


def test_probe_refuses_a_png_named_mp3(tmp_path):
    # given
    path = make_image(tmp_path / "cover.mp3", fmt="PNG")

    # when
    with pytest.raises(AudioError) as refused:
        probe(path)

    # then
    assert refused.value.code == "not_audio"


def test_probe_never_opens_the_file_an_hls_playlist_names(tmp_path):
    # given a playlist named .mp3 whose segment is a FIFO: a writer waiting on the
    # FIFO wakes up only if something opens it for reading. (Debian's ffmpeg already
    # refuses "/etc/passwd" for its missing extension; "secret.mp3" it would open.)
    secret = tmp_path / "secret.mp3"
    os.mkfifo(secret)
    playlist = tmp_path / "x.mp3"
    playlist.write_text(HLS_PLAYLIST.replace("file:///etc/passwd", secret.as_uri()))
    opened = threading.Event()

    def wait_for_a_reader() -> None:
        with secret.open("wb"):
            opened.set()

    writer = threading.Thread(target=wait_for_a_reader, daemon=True)
    writer.start()

    # when
    with pytest.raises(AudioError) as refused:
        probe(playlist)

    # then
    assert refused.value.code == "not_audio"
    assert not opened.wait(0.5), "ffprobe opened the file the playlist names"
    reader = os.open(secret, os.O_RDONLY | os.O_NONBLOCK)  # release the writer
    writer.join(5)
    os.close(reader)


def test_probe_refuses_a_video_without_sound(tmp_path):
    # given
    path = tmp_path / "clip.mp4"
    run_ffmpeg("-f", "lavfi", "-i", "testsrc=duration=1", "-c:v", "mpeg4", str(path))

    # when
    with pytest.raises(AudioError) as refused:
        probe(path)

    # then
    assert refused.value.code == "not_audio"
    assert str(refused.value) == "This file has no sound in it."


@pytest.mark.parametrize(
    ("name", "options"),
    [
        pytest.param("song.wma", ["-c:a", "wmav2"], id="wma"),
        pytest.param("song.m4a", ["-c:a", "libmp3lame", "-f", "mp4"], id="mp3-in-mp4"),
        pytest.param("song.ogg", ["-c:a", "flac", "-f", "ogg"], id="flac-in-ogg"),
    ],
)
def test_probe_refuses_audio_formats_we_do_not_accept(tmp_path, name, options):
    # given
    path = tmp_path / name
    run_ffmpeg("-f", "lavfi", "-i", "sine=duration=2", *options, str(path))

    # when
    with pytest.raises(AudioError) as refused:
        probe(path)

    # then
    assert refused.value.code == "unsupported_format"


def test_probe_refuses_a_recording_under_one_second(tmp_path):
    # given
    path = make_audio(tmp_path / "blip.flac", seconds=0.5)

    # when
    with pytest.raises(AudioError) as refused:
        probe(path)

    # then
    assert refused.value.code == "too_short"
    assert "shorter than 1 second" in str(refused.value)


def test_probe_refuses_a_recording_over_sixty_minutes(tmp_path):
    # given an hour and a second of 8 kHz silence: a few hundred kilobytes of FLAC
    path = tmp_path / "long.flac"
    seconds = str(MAX_DURATION + 1)
    run_ffmpeg("-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", seconds, str(path))

    # when
    with pytest.raises(AudioError) as refused:
        probe(path)

    # then
    assert refused.value.code == "too_long"
    assert "60 minutes" in str(refused.value)


def test_decode_check_returns_the_decoded_duration_of_a_good_file(tmp_path):
    # given
    path = make_audio(tmp_path / "song.mp3", seconds=2)
    info = probe(path)

    # when
    decoded = decode_check(path, info)

    # then
    assert decoded == pytest.approx(2.0, abs=0.1)


@pytest.mark.parametrize("sample_rate", [44100, 22050, 8000])
def test_decode_check_accepts_the_shortest_mp3_despite_its_frame_padding(
    tmp_path, sample_rate
):
    # given one second of MP3: ffprobe counts whole frames, encoder delay and padding
    # included, so it declares more than the second that decodes
    path = make_audio(tmp_path / "short.mp3", seconds=1.0, sample_rate=sample_rate)
    info = probe(path)
    assert info.duration > 1.02

    # when
    decoded = decode_check(path, info)

    # then
    assert decoded == pytest.approx(1.0, abs=0.05)


def test_decode_check_finds_a_truncated_mp3_that_still_declares_its_length(tmp_path):
    # given
    path = truncate(make_audio(tmp_path / "song.mp3", seconds=2), 0.5)
    info = probe(path)
    assert info.duration == pytest.approx(2.0, abs=0.1)

    # when
    with pytest.raises(AudioError) as refused:
        decode_check(path, info)

    # then
    assert refused.value.code == "truncated"


def test_decode_check_finds_a_truncated_flac(tmp_path):
    # given
    path = truncate(make_audio(tmp_path / "song.flac", seconds=2), 0.5)
    info = probe(path)

    # when
    with pytest.raises(AudioError) as refused:
        decode_check(path, info)

    # then
    assert refused.value.code in {"truncated", "corrupt"}


def test_decode_check_finds_damage_in_the_middle_of_a_file(tmp_path):
    # given an AAC file with garbage in the middle: the decoder fails, but the audio
    # (decoded past the damage) is all there, so it is damage and not truncation
    path = damage_middle(make_audio(tmp_path / "song.m4a", seconds=2))
    info = probe(path)

    # when
    with pytest.raises(AudioError) as refused:
        decode_check(path, info)

    # then
    assert refused.value.code == "corrupt"
    assert refused.value.detail  # ffmpeg's own words, for the logs


def test_make_renditions_encodes_mp3_ogg_and_flac_in_one_call(tmp_path):
    # given
    source = make_audio(tmp_path / "master.wav", seconds=2, tags=TAGS)
    out = tmp_path / "out"
    out.mkdir()
    targets = [
        RenditionTarget("mp3", out / "song.mp3"),
        RenditionTarget("ogg", out / "song.ogg"),
        RenditionTarget("flac", out / "song.flac"),
    ]

    # when
    results = make_renditions(source, targets, expected_duration=2.0)

    # then
    assert [(r.fmt, r.path, r.codec) for r in results] == [
        ("mp3", out / "song.mp3", "mp3"),
        ("ogg", out / "song.ogg", "vorbis"),
        ("flac", out / "song.flac", "flac"),
    ]
    for result in results:
        info = probe(result.path)
        assert info.codec == result.codec
        assert info.duration == pytest.approx(2.0, abs=0.1)
        assert result.duration == pytest.approx(info.duration, abs=0.01)
        assert not {"title", "artist"} & set(info.tags)
        assert result.size == result.path.stat().st_size
        assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()
    flac = probe(out / "song.flac")
    assert (flac.sample_rate, flac.bits_per_sample) == (44100, 16)
    assert sorted(p.name for p in out.iterdir()) == [
        "song.flac",
        "song.mp3",
        "song.ogg",
    ]


def test_make_renditions_gives_the_same_bytes_for_the_same_source(tmp_path):
    # given
    source = make_audio(tmp_path / "master.flac", seconds=1.5)

    # when
    first = make_renditions(source, [RenditionTarget("ogg", tmp_path / "1.ogg")])
    second = make_renditions(source, [RenditionTarget("ogg", tmp_path / "2.ogg")])

    # then (Ogg serial numbers are random unless bitexact)
    assert first[0].sha256 == second[0].sha256


def test_make_renditions_from_an_mp3_source_to_mp3_and_ogg_only(tmp_path):
    # given
    source = make_audio(tmp_path / "upload.mp3", seconds=2, tags=TAGS)
    out = tmp_path / "out"
    out.mkdir()
    targets = [
        RenditionTarget("mp3", out / "song.mp3"),
        RenditionTarget("ogg", out / "song.ogg"),
    ]

    # when
    results = make_renditions(source, targets, expected_duration=probe(source).duration)

    # then
    assert [r.codec for r in results] == ["mp3", "vorbis"]
    assert sorted(p.name for p in out.iterdir()) == ["song.mp3", "song.ogg"]
    assert "title" not in probe(out / "song.mp3").tags


def test_make_renditions_leaves_nothing_behind_when_the_source_is_corrupt(tmp_path):
    # given
    source = truncate(make_audio(tmp_path / "master.flac", seconds=2), 0.5)
    out = tmp_path / "out"
    out.mkdir()
    targets = [
        RenditionTarget("mp3", out / "song.mp3"),
        RenditionTarget("ogg", out / "song.ogg"),
        RenditionTarget("flac", out / "song.flac"),
    ]

    # when
    with pytest.raises(AudioError) as refused:
        make_renditions(source, targets)

    # then
    assert refused.value.code == "corrupt"
    assert list(out.iterdir()) == []


def test_make_renditions_refuses_outputs_shorter_than_expected(tmp_path):
    # given a truncated MP3: ffmpeg encodes what is there and exits 0
    source = truncate(make_audio(tmp_path / "upload.mp3", seconds=2), 0.5)
    out = tmp_path / "out"
    out.mkdir()
    targets = [
        RenditionTarget("mp3", out / "song.mp3"),
        RenditionTarget("ogg", out / "song.ogg"),
    ]

    # when
    with pytest.raises(AudioError) as refused:
        make_renditions(source, targets, expected_duration=2.0)

    # then
    assert refused.value.code == "rendition_failed"
    assert list(out.iterdir()) == []


def test_make_renditions_cleans_up_when_ffmpeg_times_out(tmp_path):
    # given
    source = make_audio(tmp_path / "master.wav", seconds=3)
    info = probe(source)
    out = tmp_path / "out"
    out.mkdir()
    targets = [
        RenditionTarget("mp3", out / "a.mp3"),
        RenditionTarget("ogg", out / "a.ogg"),
    ]

    # when
    with pytest.raises(AudioError) as refused:
        make_renditions(source, targets, source_info=info, timeout=0.001)

    # then
    assert refused.value.code == "timeout"
    assert list(out.iterdir()) == []


def test_ffmpeg_version_names_the_installed_version():
    # when
    version = ffmpeg_version()

    # then
    assert version[:1].isdigit()
    assert (
        version
        in subprocess.run(
            [ffmpeg(), "-version"], capture_output=True, text=True, check=True
        ).stdout
    )


@pytest.mark.parametrize(("suffix", "codec"), [(".flac", "flac"), (".mp3", "mp3")])
def test_synthesize_writes_the_formula_as_tagged_stereo_audio(tmp_path, suffix, codec):
    # given a chord that fades in, written with commas as the demo's melodies are
    expression = "(0.2*sin(2*PI*220*t)+0.1*sin(2*PI*330*t))*min(1,t/0.5)"

    # when
    path = synthesize(
        tmp_path / f"demo{suffix}",
        expression=expression,
        seconds=1.5,
        tags={"title": "Démo", "artist": "Band"},
    )

    # then
    info = probe(path)
    assert (info.codec, info.channels) == (codec, 2)
    assert info.duration == pytest.approx(1.5, abs=0.1)
    assert (info.tags["title"], info.tags["artist"]) == ("Démo", "Band")
    assert decode_check(path, info) == pytest.approx(1.5, abs=0.1)
    assert [p.name for p in tmp_path.iterdir()] == [f"demo{suffix}"]


def test_synthesize_refuses_an_expression_that_could_escape_its_quotes(tmp_path):
    # when
    with pytest.raises(ValueError, match="quotes"):
        synthesize(tmp_path / "x.wav", expression="0':f=lavfi", seconds=1)

    # then
    assert list(tmp_path.iterdir()) == []
