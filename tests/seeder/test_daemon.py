"""The daemon: manifest polling (a broken manifest keeps the previous wanted set),
stats posted with the bearer token, and `python -m seeder` stopped by SIGTERM or
killed and restarted from its resume files."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from seeder.daemon import Daemon, DaemonConfig
from tests.seeder.seeding_support import (
    make_album,
    manifest_json,
    session_config,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]


def daemon_for(tmp_path: Path, **changes: object) -> Daemon:
    values: dict[str, object] = {
        "session": session_config(tmp_path),
        "manifest_url": str(tmp_path / "manifest.json"),
        "token": "s3cret",
    }
    values.update(changes)
    return Daemon(DaemonConfig(**values))  # type: ignore[arg-type]


def test_polling_reconciles_and_a_broken_manifest_keeps_the_wanted_set(tmp_path):
    media = tmp_path / "media"
    first, second = make_album(media, 1), make_album(media, 2)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(manifest_json(first.entry, second.entry))
    daemon = daemon_for(tmp_path)

    assert daemon.poll_manifest()
    assert set(daemon.seeding.torrents) == {
        first.entry.info_hash,
        second.entry.info_hash,
    }

    manifest.write_text('{"torrents": [')
    assert not daemon.poll_manifest()
    manifest.unlink()
    assert not daemon.poll_manifest()

    assert set(daemon.wanted) == {first.entry.info_hash, second.entry.info_hash}
    assert len(daemon.seeding.torrents) == 2

    manifest.write_text(manifest_json(second.entry))
    assert daemon.poll_manifest()
    assert set(daemon.seeding.torrents) == {second.entry.info_hash}


def test_stats_are_posted_as_json_with_the_bearer_token(tmp_path):
    album = make_album(tmp_path / "media", 1)
    (tmp_path / "manifest.json").write_text(manifest_json(album.entry))
    received: list[tuple[str | None, dict[str, object]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers.get("Authorization"), json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        daemon = daemon_for(
            tmp_path, stats_url=f"http://127.0.0.1:{server.server_port}/stats"
        )
        daemon.poll_manifest()
        wait_until(
            lambda: (
                daemon.seeding.stats()["torrents"][album.entry.info_hash]["state"]
                == "seeding"
            ),
            daemon.seeding,
        )
        assert daemon.post_stats()
    finally:
        server.shutdown()
        server.server_close()

    authorization, payload = received[0]
    assert authorization == "Bearer s3cret"
    torrents = payload["torrents"]
    assert isinstance(torrents, dict)
    assert torrents[album.entry.info_hash]["uploaded"] == 0
    assert torrents[album.entry.info_hash]["state"] == "seeding"


def test_stats_fail_softly_when_the_site_is_down(tmp_path):
    daemon = daemon_for(tmp_path, stats_url="http://127.0.0.1:9/stats")

    assert daemon.post_stats() is False


def test_run_stops_on_request_and_saves_resume_data(tmp_path):
    album = make_album(tmp_path / "media", 1)
    (tmp_path / "manifest.json").write_text(manifest_json(album.entry))
    daemon = daemon_for(tmp_path)
    thread = threading.Thread(target=daemon.run, kwargs={"tick": 0.05})
    thread.start()
    resume = daemon.seeding.resume_path(album.entry.info_hash)
    try:
        deadline = time.monotonic() + 10
        while album.entry.info_hash not in daemon.seeding.torrents:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        daemon.stop()
        thread.join(timeout=15)

    assert not thread.is_alive()
    assert resume.stat().st_size > 0


def start_cli(tmp_path: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "seeder",
            "--manifest-url",
            (tmp_path / "manifest.json").as_uri(),
            "--media-root",
            str(tmp_path / "media"),
            "--state-dir",
            str(tmp_path / "state"),
            "--listen",
            "127.0.0.1:0",
            "--upload-limit",
            "1000000",
        ],
        cwd=ROOT,
        env={**os.environ, "JAMHUB_SEEDER_TOKEN": "s3cret"},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout: float = 15) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_cli_survives_kill_9_and_stops_on_sigterm(tmp_path):
    album = make_album(tmp_path / "media", 1)
    (tmp_path / "manifest.json").write_text(manifest_json(album.entry))
    resume = tmp_path / "state" / "resume" / f"{album.entry.info_hash}.resume"
    log = tmp_path / "seeder.log"

    first = start_cli(tmp_path, log)
    try:
        wait_for(resume.exists)  # written once the torrent is checked
    finally:
        first.kill()  # SIGKILL: no shutdown
        first.wait(timeout=10)

    second = start_cli(tmp_path, log)
    try:
        wait_for(lambda: "[resumed]" in log.read_text())
    finally:
        second.send_signal(signal.SIGTERM)
        code = second.wait(timeout=20)

    text = log.read_text()
    assert code == 0
    assert "signal 15: stopping" in text
    assert text.rstrip().endswith("seeder.daemon: stopped")
    assert "Traceback" not in text
