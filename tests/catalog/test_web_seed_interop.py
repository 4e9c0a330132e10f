"""A stock BitTorrent client downloads a published album from our web seed alone
(BEP 19: <base><torrent name>/<file>, with Range requests), with no tracker and no
peer: what keeps an album alive when its swarm is empty."""

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from jamhub.catalog.layout import album_folder
from seeder.metainfo import TorrentSpec, build_torrent

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.interop,
    pytest.mark.slow,
    pytest.mark.timeout(120),
]


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
    }


def test_aria2c_downloads_an_album_from_the_web_seed_alone(
    live_server, published_album, tmp_path
):
    aria2c = shutil.which("aria2c")
    if aria2c is None:
        pytest.skip("aria2c is not installed (apt-get install aria2)")
    folder = Path(settings.MEDIA_ROOT) / album_folder(published_album, "flac")
    built = build_torrent(
        TorrentSpec(
            folder=folder,
            trackers=["http://127.0.0.1:9/announce"],  # nothing answers there
            web_seed=f"{live_server.url}/media/albums/{published_album.pk}/",
            comment="web seed interop",
            creation_date=1_700_000_000,
        )
    )
    torrent = tmp_path / "album.torrent"
    torrent.write_bytes(built.data)
    downloads = tmp_path / "downloads"

    result = subprocess.run(
        [
            aria2c,
            "--no-conf",
            "--enable-dht=false",
            "--enable-dht6=false",
            "--bt-enable-lpd=false",
            "--enable-peer-exchange=false",
            "--seed-time=0",
            "--bt-stop-timeout=60",
            "--listen-port=51415",
            "--dir",
            str(downloads),
            "--console-log-level=warn",
            "--summary-interval=0",
            str(torrent),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert digests(downloads / built.name) == digests(folder)
