"""How albums travel: the web seed's budget, the tracker's counts and completions per
day, the origin's bytes against the fans', and listeners' seeding credit."""

import datetime
import http.server
import itertools
import json
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from jamhub.catalog.layout import album_root
from jamhub.catalog.models import (
    AlbumStatus,
    AlbumTorrent,
    Passkey,
    SeedingCredit,
    TorrentCompletion,
)
from jamhub.catalog.services.distribution import (
    album_distribution,
    credit_seeding,
    record_swarm_stats,
    record_tracker_stats,
)
from jamhub.catalog.services.passkeys import passkey_for, replace_passkey
from jamhub.catalog.services.webseed import Swarm, WebSeedMeter, web_seed_rate
from seeder.tracker.protocol import passkey_digest
from tests.factories import UserFactory

FOLDER = "The Loops - First Light (2024) [MP3]"
PAYLOAD = bytes(range(256)) * 400  # 102,400 bytes


@pytest.fixture
def torrent(album) -> AlbumTorrent:
    """A published album with one format on disk and its torrent row."""
    folder = Path(settings.MEDIA_ROOT) / album_root(album) / FOLDER
    folder.mkdir(parents=True)
    (folder / "01 - Dawn.mp3").write_bytes(PAYLOAD)
    album.status = AlbumStatus.PUBLISHED
    album.save(update_fields=["status"])
    return AlbumTorrent.objects.create(
        album=album,
        format="mp3",
        info_hash="ab" * 20,
        name=FOLDER,
        path=f"torrents/{album.pk}/{FOLDER}.torrent",
        size=len(PAYLOAD),
        files_digest="x",
    )


def web_seed_url(torrent: AlbumTorrent, file: str = "01 - Dawn.mp3") -> str:
    return f"/webseed/{torrent.album_id}/{torrent.name}/{file}"


@pytest.fixture
def tracker_says(settings):
    """A stand-in for the tracker's /swarm endpoint; returns a setter."""
    counts = {"seeders": 0, "leechers": 0, "completed": 0}

    class Swarm(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(counts).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Swarm)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.JAMHUB_TRACKER_STATS_URL = f"http://127.0.0.1:{server.server_port}/stats"

    def say(seeders: int, leechers: int) -> None:
        counts.update(seeders=seeders, leechers=leechers)

    yield say
    server.shutdown()


# --- The policy --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("swarm", "rate"),
    [
        (None, 1000),  # the tracker cannot say: serve as for a thin swarm
        (Swarm(seeders=1, leechers=1), 1000),  # a lone downloader: full speed
        (Swarm(seeders=0, leechers=5), 1000),  # nobody seeds: the web seed must
        (Swarm(seeders=1, leechers=2), 10),  # the swarm can serve itself
        (Swarm(seeders=3, leechers=40), 10),
    ],
)
def test_the_web_seed_spends_where_the_swarm_cannot(swarm, rate):
    assert web_seed_rate(swarm, thin_rate=1000, swarm_rate=10) == rate


def test_the_meter_keeps_a_torrent_within_its_budget_per_second():
    now = [1_000_000.25]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    meter = WebSeedMeter(
        1, "cd" * 20, rate=lambda: 32_768, clock=lambda: now[0], sleep=sleep
    )
    other = WebSeedMeter(
        2, "cd" * 20, rate=lambda: 32_768, clock=lambda: now[0], sleep=sleep
    )
    started = now[0]

    for _ in range(4):  # two responses of the same torrent share the budget
        meter.wait(16_384)
        other.wait(16_384)

    # 131,072 bytes at 32,768 bytes/s: the last block goes in the fourth second.
    assert int(now[0]) - int(started) == 3
    assert all(0 < s <= 1 for s in slept)


def test_an_unlimited_meter_never_waits():
    meter = WebSeedMeter(1, "ef" * 20, rate=lambda: 0, sleep=pytest.fail)

    meter.wait(10**9)

    assert meter.block_size is None


# --- The web seed --------------------------------------------------------------------


def test_the_web_seed_serves_ranges_and_counts_its_bytes(torrent, tracker_says):
    tracker_says(seeders=1, leechers=1)

    response = Client().get(web_seed_url(torrent), headers={"Range": "bytes=100-50099"})

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == PAYLOAD[100:50100]
    torrent.refresh_from_db()
    assert torrent.web_seed_bytes == 50_000


def test_behind_nginx_the_budget_travels_as_a_rate_limit(
    torrent, tracker_says, settings
):
    settings.JAMHUB_MEDIA_ACCEL_PREFIX = "/protected-media/"
    settings.JAMHUB_WEB_SEED_RATE = 0
    settings.JAMHUB_WEB_SEED_SWARM_RATE = 20_000
    url = web_seed_url(torrent)

    tracker_says(seeders=1, leechers=1)
    lone = Client().get(url)
    cache.clear()  # the swarm count is cached for a second
    tracker_says(seeders=1, leechers=6)
    crowded = Client().get(url, headers={"Range": "bytes=0-999"})

    assert lone["X-Accel-Redirect"].startswith(
        f"/protected-media/albums/{torrent.album_id}/"
    )
    assert "X-Accel-Limit-Rate" not in lone
    assert crowded["X-Accel-Limit-Rate"] == "20000"
    torrent.refresh_from_db()
    assert torrent.web_seed_bytes == len(PAYLOAD) + 1000


@pytest.mark.parametrize(
    "path",
    [
        "Another Folder/01 - Dawn.mp3",  # not a torrent of this album
        f"{FOLDER}/../{FOLDER}/01 - Dawn.mp3",
        f"{FOLDER}/missing.mp3",
        FOLDER,
    ],
)
def test_the_web_seed_serves_only_the_torrents_files(torrent, path):
    response = Client().get(f"/webseed/{torrent.album_id}/{path}")

    assert response.status_code == 404


def test_the_web_seed_of_a_hidden_album_is_gone(torrent):
    torrent.album.status = AlbumStatus.HIDDEN
    torrent.album.save(update_fields=["status"])

    assert Client().get(web_seed_url(torrent)).status_code == 404
    assert Client().post(web_seed_url(torrent)).status_code == 405


# --- The tracker's counts -----------------------------------------------------------


def counts(completed: int, downloaded: int = 0, seeders: int = 1, leechers: int = 0):
    return {
        "seeders": seeders,
        "leechers": leechers,
        "completed": completed,
        "downloaded_bytes": downloaded,
    }


def test_completions_are_added_per_day_across_tracker_restarts(torrent):
    record_swarm_stats({torrent.info_hash: counts(3)})
    record_swarm_stats({torrent.info_hash: counts(5)})
    record_swarm_stats({torrent.info_hash: counts(1)})  # the tracker restarted

    torrent.refresh_from_db()
    assert torrent.completed == 6
    today = TorrentCompletion.objects.get(album=torrent.album, day=timezone.localdate())
    assert today.count == 6


def test_completions_of_another_day_get_their_own_row(torrent):
    TorrentCompletion.objects.create(
        album=torrent.album, day=datetime.date(2026, 1, 1), count=4
    )

    record_swarm_stats({torrent.info_hash: counts(2)})

    by_day = dict(
        TorrentCompletion.objects.filter(album=torrent.album).values_list(
            "day", "count"
        )
    )
    assert by_day == {datetime.date(2026, 1, 1): 4, timezone.localdate(): 2}


def test_the_origin_and_the_fans_share_of_an_album(torrent):
    record_swarm_stats({torrent.info_hash: counts(10)})
    AlbumTorrent.objects.filter(pk=torrent.pk).update(
        seeder_uploaded=2 * torrent.size, web_seed_bytes=torrent.size
    )

    distribution = album_distribution(torrent.album)

    assert distribution.completions == 10
    assert distribution.origin_bytes == 3 * torrent.size
    assert distribution.fan_bytes == 7 * torrent.size
    assert distribution.fan_share == pytest.approx(0.7)


# --- Seeding credit ------------------------------------------------------------------


def passkey_stats(uploaded: int, downloaded: int = 0, completed: int = 0, *, ih):
    return {
        "torrents": {
            ih: {"uploaded": uploaded, "downloaded": downloaded, "completed": completed}
        }
    }


def test_fans_are_credited_no_more_than_the_swarm_downloaded(torrent):
    alice, bruno = UserFactory(), UserFactory()
    alice_key = Passkey.objects.create(user=alice).digest
    bruno_key = Passkey.objects.create(user=bruno).digest
    ih = torrent.info_hash

    credit_seeding(
        {
            alice_key: passkey_stats(600, ih=ih),
            bruno_key: passkey_stats(400, 100, 1, ih=ih),
            "f" * 64: passkey_stats(10**9, ih=ih),  # nobody's key: ignored
        },
        swarm_growth={ih: 500},
    )

    credits = {c.user_id: c for c in SeedingCredit.objects.all()}
    assert credits[alice.pk].uploaded == 300
    assert credits[bruno.pk].uploaded == 200
    assert (credits[bruno.pk].downloaded, credits[bruno.pk].completed) == (100, 1)
    assert len(credits) == 2


def test_credit_grows_by_what_the_tracker_adds_even_after_it_restarts(torrent):
    user = UserFactory()
    key = Passkey.objects.create(user=user).digest
    ih = torrent.info_hash

    record_tracker_stats(
        {
            "torrents": {ih: counts(0, downloaded=5_000)},
            "accounts": {key: passkey_stats(1_000, ih=ih)},
        }
    )
    record_tracker_stats(
        {
            "torrents": {ih: counts(0, downloaded=8_000)},
            "accounts": {key: passkey_stats(2_500, ih=ih)},
        }
    )
    record_tracker_stats(  # restarted: its counters begin again
        {
            "torrents": {ih: counts(0, downloaded=700)},
            "accounts": {key: passkey_stats(400, ih=ih)},
        }
    )

    assert SeedingCredit.objects.get(user=user).uploaded == 1_000 + 1_500 + 400


def test_an_unlimited_response_slows_down_when_the_swarm_fills():
    now = [2_000_000.0]
    rates = itertools.chain([0, 0], itertools.repeat(16_384))  # then the swarm fills
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    meter = WebSeedMeter(
        1, "aa" * 20, rate=lambda: next(rates), clock=lambda: now[0], sleep=sleep
    )
    meter.wait(16_384)  # unlimited: no wait
    now[0] += 1.0
    meter.wait(16_384)  # a second later: asked again, still unlimited
    now[0] += 1.0
    meter.wait(16_384)  # asked again: now 16 KiB/s, first block of its second
    meter.wait(16_384)  # the budget of this second is spent: wait for the next

    assert slept == [1.0]
    assert meter.block_size == 16 * 1024


def test_a_nul_byte_in_a_web_seed_path_is_not_found(torrent):
    assert Client().get(web_seed_url(torrent, "01%00.mp3")).status_code == 404


def test_unchanged_passkey_counters_write_nothing(torrent, django_assert_num_queries):
    user = UserFactory()
    key = Passkey.objects.create(user=user).digest
    stats = {key: passkey_stats(100, ih=torrent.info_hash)}
    credit_seeding(stats, swarm_growth={torrent.info_hash: 100})

    with django_assert_num_queries(3):  # passkeys, torrents, credits: no write
        changed = credit_seeding(stats, swarm_growth={torrent.info_hash: 0})

    assert changed == 0
    assert SeedingCredit.objects.get(user=user).uploaded == 100


def test_listeners_are_credited_by_their_passkey_digest_only(torrent):
    user = UserFactory()
    passkey = Passkey.objects.create(user=user)
    ih = torrent.info_hash

    record_tracker_stats(
        {
            "torrents": {ih: counts(0, downloaded=5_000)},
            # A clear passkey (what an old tracker sent) is nobody's digest.
            "accounts": {passkey.key: passkey_stats(1_000, ih=ih)},
        }
    )
    assert not SeedingCredit.objects.exists()

    record_tracker_stats(
        {
            "torrents": {ih: counts(0, downloaded=6_000)},
            "accounts": {passkey_digest(passkey.key): passkey_stats(1_000, ih=ih)},
        }
    )
    assert SeedingCredit.objects.get(user=user).uploaded == 1_000


def test_a_replaced_passkey_gets_the_digest_of_its_new_key(db):
    user = UserFactory()
    old = passkey_for(user)

    new = replace_passkey(user)

    stored = Passkey.objects.get(user=user)
    assert new != old
    assert stored.digest == passkey_digest(new)


def test_our_seeder_is_counted_once_in_sharing_now_not_once_per_format(torrent):
    album = torrent.album
    AlbumTorrent.objects.filter(pk=torrent.pk).update(seeders=1)  # our seeder alone
    for fmt, seeders in (("ogg", 1), ("flac", 3)):  # ours, and ours with two fans
        AlbumTorrent.objects.create(
            album=album,
            format=fmt,
            info_hash=fmt[0] * 40,
            name=f"{FOLDER} {fmt}",
            path=f"torrents/{album.pk}/{fmt}.torrent",
            size=1,
            files_digest="x",
            seeders=seeders,
        )

    assert album_distribution(album).seeders == 3  # our seeder and two fans
    statistics = Client().get(
        f"/en/statistics/artists/{album.artist.slug}/{album.slug}/"
    )
    assert "<dt>Sharing now</dt><dd>3</dd>" in statistics.content.decode()


def test_sharing_now_is_zero_when_no_swarm_has_a_seeder(torrent):
    assert album_distribution(torrent.album).seeders == 0


@pytest.mark.parametrize(
    ("completed", "line"),
    [
        (1, "1 sharing, 0 downloading, 1 complete download</span>"),
        (2, "1 sharing, 0 downloading, 2 complete downloads</span>"),
    ],
)
def test_the_torrent_line_says_download_in_the_singular_for_one(
    torrent, completed, line
):
    AlbumTorrent.objects.filter(pk=torrent.pk).update(seeders=1, completed=completed)

    html = Client().get(torrent.album.get_absolute_url()).content.decode()

    assert line in html
