"""Torrents of published albums: built after publication, served, listed for the
tracker and the seeders, shown on the album page."""

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from jamhub.catalog.models import AlbumTorrent
from jamhub.catalog.services import albums as album_services
from jamhub.catalog.services.distribution import record_swarm_stats
from jamhub.catalog.services.torrents import (
    build_album_torrents,
    magnet_link,
    web_seed_url,
)
from seeder._libtorrent import lt

TOKEN = "seeder-secret-for-tests"


def media(relative: str) -> Path:
    return Path(settings.MEDIA_ROOT) / relative


def test_publishing_builds_one_v1_torrent_per_format(published_album):
    torrents = {t.format: t for t in published_album.torrents.all()}

    assert set(torrents) == {"mp3", "ogg", "flac"}
    mp3 = torrents["mp3"]
    metainfo = lt.bdecode(media(mp3.path).read_bytes())
    info = metainfo[b"info"]
    folder = "The Loops - First Light (2024) [MP3]"
    assert info[b"name"].decode() == folder == mp3.name
    names = sorted(b"/".join(f[b"path"]).decode() for f in info[b"files"])
    on_disk = sorted(
        p.name for p in media(f"albums/{published_album.pk}/{folder}").iterdir()
    )
    assert names == on_disk
    assert "LICENSE.txt" in names
    assert metainfo[b"announce"].decode() == settings.JAMHUB_TRACKER_URLS[0]
    seeds = metainfo[b"url-list"]
    seeds = seeds if isinstance(seeds, list) else [seeds]
    assert [s.decode() for s in seeds] == [web_seed_url(published_album)]
    assert web_seed_url(published_album) == (
        f"{settings.SITE_URL}/webseed/{published_album.pk}/"
    )
    assert b"file tree" not in info  # v1 only


def test_the_web_seed_path_serves_the_files_with_ranges(published_album):
    torrent = published_album.torrents.get(format="mp3")
    base = urlsplit(web_seed_url(published_album)).path
    # BEP 19: <base><torrent name>/<file>
    url = f"{base}{torrent.name}/01 - Dawn.mp3"

    response = Client().get(url, headers={"Range": "bytes=0-9"})

    assert response.status_code == 206
    # The web seed mirrors the album's media folder file for file.
    mirrored = url.replace("/webseed/", "albums/", 1)
    expected = media(unquote(mirrored)).read_bytes()[:10]
    assert b"".join(response.streaming_content) == expected


def test_the_album_page_offers_torrents_and_magnets(published_album):
    torrent = published_album.torrents.get(format="flac")
    record_swarm_stats(
        {torrent.info_hash: {"seeders": 3, "leechers": 1, "completed": 12}}
    )

    html = Client().get(published_album.get_absolute_url()).content.decode()

    assert 'type="application/x-bittorrent"' in html
    assert f"magnet:?xt=urn:btih:{torrent.info_hash}" in html
    assert "3 sharing, 1 downloading, 12 complete downloads" in html
    start = html.index(f"magnet:?xt=urn:btih:{torrent.info_hash}")
    link = html[start : html.index('"', start)].replace("&amp;", "&")
    params = lt.parse_magnet_uri(link)
    assert str(params.info_hashes.v1) == torrent.info_hash
    assert list(params.url_seeds) == [web_seed_url(published_album)]
    assert list(params.trackers) == settings.JAMHUB_TRACKER_URLS


def test_the_torrent_file_is_served_as_bittorrent(published_album):
    torrent = published_album.torrents.get(format="mp3")

    response = Client().get(settings.MEDIA_URL + torrent.path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bittorrent"
    assert "attachment" in response["Content-Disposition"]


def test_torrents_are_rebuilt_only_when_the_files_change(published_album):
    before = {
        t.format: (t.info_hash, t.built_at) for t in published_album.torrents.all()
    }

    build_album_torrents(published_album.pk)
    unchanged = {
        t.format: (t.info_hash, t.built_at) for t in published_album.torrents.all()
    }
    readme = media(
        f"albums/{published_album.pk}/The Loops - First Light (2024) [MP3]/README.txt"
    )
    readme.write_text(readme.read_text() + "\nLiner notes.\n")
    build_album_torrents(published_album.pk)

    assert unchanged == before
    mp3 = published_album.torrents.get(format="mp3")
    assert mp3.info_hash != before["mp3"][0]
    assert published_album.torrents.get(format="ogg").info_hash == before["ogg"][0]


def test_the_tracker_list_follows_publication(
    published_album, moderator_client, django_capture_on_commit_callbacks
):
    allowed = Path(settings.JAMHUB_TRACKER_ALLOWED_FILE)
    hashes = set(published_album.torrents.values_list("info_hash", flat=True))
    assert {line.split()[0] for line in allowed.read_text().splitlines()} == hashes

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            f"/en/moderation/albums/{published_album.pk}/hide/",
            {"reason": "A claim is being checked."},
        )

    assert allowed.read_text() == ""
    torrent = published_album.torrents.get(format="mp3")
    assert Client().get(settings.MEDIA_URL + torrent.path).status_code == 404


@pytest.fixture
def seeder_client(settings) -> Client:
    settings.JAMHUB_SEEDER_TOKEN = TOKEN
    return Client(headers={"Authorization": f"Bearer {TOKEN}"})


def test_the_seeder_manifest_needs_the_token(published_album, seeder_client, settings):
    assert Client().get("/api/seeder/manifest").status_code == 401
    wrong = Client(headers={"Authorization": "Bearer nope"})
    assert wrong.get("/api/seeder/manifest").status_code == 401

    manifest = seeder_client.get("/api/seeder/manifest").json()

    entries = {e["format"]: e for e in manifest["torrents"]}
    assert set(entries) == {"mp3", "ogg", "flac"}
    mp3 = entries["mp3"]
    assert mp3["save_path"] == f"albums/{published_album.pk}"
    assert media(mp3["torrent_path"]).is_file()
    assert (media(mp3["save_path"]) / mp3["name"]).is_dir()


def test_the_seeder_api_is_off_without_a_token(published_album, settings):
    settings.JAMHUB_SEEDER_TOKEN = ""

    assert Client().get("/api/seeder/manifest").status_code == 404


def test_seeders_report_what_they_uploaded(published_album, seeder_client):
    torrent = published_album.torrents.get(format="mp3")

    response = seeder_client.post(
        "/api/seeder/stats",
        json.dumps({"torrents": {torrent.info_hash: {"uploaded": 123456}}}),
        content_type="application/json",
    )
    garbage = [
        seeder_client.post("/api/seeder/stats", body, content_type="application/json")
        for body in [
            "not json",
            json.dumps({"torrents": {torrent.info_hash: 5}}),
            json.dumps({"torrents": {torrent.info_hash: {"uploaded": "x"}}}),
            json.dumps({"torrents": {torrent.info_hash: {"uploaded": -1}}}),
            json.dumps({"torrents": {torrent.info_hash: {"uploaded": 2**64}}}),
            json.dumps({"torrents": {torrent.info_hash: {"uploaded": True}}}),
        ]
    ]

    assert response.json() == {"updated": 1}
    assert AlbumTorrent.objects.get(pk=torrent.pk).seeder_uploaded == 123456
    assert [r.status_code for r in garbage] == [400] * 6


def test_no_torrent_for_an_unpublished_album(pending_album):
    assert build_album_torrents(pending_album.pk) == []
    assert not pending_album.torrents.exists()


def test_a_restored_album_is_listed_again(
    published_album, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        album_services.hide_album(published_album, by=moderator, reason="Checking.")
    with django_capture_on_commit_callbacks(execute=True):
        album_services.restore_album(published_album, by=moderator)

    allowed = Path(settings.JAMHUB_TRACKER_ALLOWED_FILE).read_text()
    assert published_album.torrents.get(format="mp3").info_hash in allowed


def test_the_album_page_says_what_fans_carried(published_album, seeder_client):
    torrent = published_album.torrents.get(format="mp3")
    record_swarm_stats(
        {torrent.info_hash: {"seeders": 2, "leechers": 0, "completed": 4}}
    )
    seeder_client.post(
        "/api/seeder/stats",
        json.dumps({"torrents": {torrent.info_hash: {"uploaded": torrent.size}}}),
        content_type="application/json",
    )

    html = Client().get(published_album.get_absolute_url()).content.decode()

    from django.template.defaultfilters import filesizeformat

    assert "Torrent downloads completed" in html
    assert f"<dd>{filesizeformat(torrent.size)}</dd>" in html  # the origin: 1 copy
    assert f"<dd>{filesizeformat(3 * torrent.size)}</dd>" in html  # fans: 3 copies


def test_swarm_statistics_are_pulled_from_the_tracker(published_album, settings):
    import http.server
    import threading

    torrent = published_album.torrents.get(format="ogg")
    body = json.dumps(
        {"torrents": {torrent.info_hash: {"seeders": 5, "leechers": 2, "completed": 9}}}
    ).encode()

    class Stats(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Stats)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        from jamhub.catalog.tasks import refresh_swarm_stats_task

        settings.JAMHUB_TRACKER_STATS_URL = (
            f"http://127.0.0.1:{server.server_port}/stats"
        )
        updated = refresh_swarm_stats_task()
        settings.JAMHUB_TRACKER_STATS_URL = "http://127.0.0.1:9/stats"  # nothing there
        unavailable = refresh_swarm_stats_task()
    finally:
        server.shutdown()

    assert updated == 1
    assert unavailable == 0
    torrent.refresh_from_db()
    assert (torrent.seeders, torrent.leechers, torrent.completed) == (5, 2, 9)


def test_unchanged_swarm_counts_are_not_written_again(published_album):
    torrent = published_album.torrents.get(format="mp3")
    counts = {torrent.info_hash: {"seeders": 1, "leechers": 0, "completed": 2}}

    first, _ = record_swarm_stats(counts)
    stamped = AlbumTorrent.objects.get(pk=torrent.pk).stats_updated_at
    second, _ = record_swarm_stats(counts)

    assert (first, second) == (1, 0)
    assert AlbumTorrent.objects.get(pk=torrent.pk).stats_updated_at == stamped


def test_a_zip_not_built_yet_is_queued_not_built_in_the_request(
    published_album, django_capture_on_commit_callbacks
):
    archive = published_album.archives.get(format="mp3")
    Path(settings.MEDIA_ROOT, archive.path).unlink()
    url = published_album.get_absolute_url() + "download/mp3/"

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = Client().get(url, follow=True)

    assert response.redirect_chain[0] == (published_album.get_absolute_url(), 302)
    assert "This zip is being prepared" in response.content.decode()
    assert not Path(settings.MEDIA_ROOT, archive.path).exists()
    assert len(queued) == 1
    assert not published_album.downloads.exists()  # nothing was downloaded


def test_only_a_built_zip_is_linked_as_a_file_to_save(published_album):
    """A zip link answered by the album page (zip not built) must not say
    `download`, or the browser saves the page; it stays a boosted link."""
    url = published_album.get_absolute_url() + "download/mp3/"
    page = Client().get(published_album.get_absolute_url()).content.decode()
    assert f'href="{url}" hx-boost="false" download>' in page

    published_album.archives.filter(format="mp3").delete()
    page = Client().get(published_album.get_absolute_url()).content.decode()
    assert f'href="{url}">' in page
    assert f'href="{url}" hx-boost="false" download' not in page


def test_a_magnet_names_the_torrent_file_on_the_media_host(published_album, settings):
    """xs is the public .torrent's address: under the site's own address, or the
    media host's when MEDIA_URL has one (a CDN), never the two glued together."""
    from urllib.parse import parse_qs

    from django.utils.encoding import filepath_to_uri

    torrent = published_album.torrents.get(format="mp3")
    path = filepath_to_uri(torrent.path)

    def xs() -> str:
        return parse_qs(magnet_link(torrent).split("?", 1)[1])["xs"][0]

    assert xs() == f"{settings.SITE_URL}/media/{path}"
    settings.MEDIA_URL = "https://media.jamhub.test/files/"
    assert xs() == f"https://media.jamhub.test/files/{path}"
