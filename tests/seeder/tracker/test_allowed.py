import asyncio
import http.server
import threading
from collections.abc import Iterator

import pytest

from seeder.tracker.allowed import AllowedManifest, parse_allowed_file

HASH = "ab" * 20


def test_allowed_file_takes_the_first_word_of_each_line():
    text = f"# comment\n{HASH} 17\n{'CD' * 20}\n\nnot-a-hash 3\n{'ef' * 19}\n"

    assert parse_allowed_file(text) == {bytes.fromhex(HASH), bytes.fromhex("cd" * 20)}


@pytest.fixture
def manifest_server() -> Iterator[tuple[str, list[str | None]]]:
    seen_tokens: list[str | None] = []
    body = f'{{"torrents": [{{"info_hash": "{HASH}", "id": 1}}]}}'.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen_tokens.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield (
        f"http://127.0.0.1:{server.server_address[1]}/tracker/manifest.json",
        seen_tokens,
    )
    server.shutdown()
    server.server_close()


def test_manifest_is_fetched_with_the_bearer_token(manifest_server):
    url, seen_tokens = manifest_server
    allowed = AllowedManifest(url, token="t0ken")

    asyncio.run(allowed.refresh())

    assert bytes.fromhex(HASH) in allowed
    assert seen_tokens == ["Bearer t0ken"]


def test_a_failed_manifest_fetch_keeps_the_previous_list(manifest_server):
    url, _ = manifest_server
    allowed = AllowedManifest(url, token=None)
    asyncio.run(allowed.refresh())

    allowed.url = url.replace("/tracker/", ":1/nowhere/")  # bad port: connection fails
    asyncio.run(allowed.refresh())

    assert bytes.fromhex(HASH) in allowed
