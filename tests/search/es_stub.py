"""A loopback HTTP server speaking enough of the Elasticsearch REST protocol for the
real client: index and alias management, bulk, delete-by-query, count, refresh and
search. It stores documents and records every request; a search answers with the
stored documents of the index (or with `search_answer` when a test sets one), so
the tests check the bodies we send and how we read the answers."""

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Request:
    method: str
    path: str
    body: Any
    headers: dict[str, str]  # names in lower case


@dataclass
class FakeElasticsearch:
    indices: dict[str, dict[str, Any]] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    search_answer: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None
    version: str = "9.1.0"
    url: str = ""

    def resolve(self, name: str) -> list[str]:
        names = []
        for part in name.split(","):
            if part in self.indices:
                names.append(part)
            names += sorted(self.aliases.get(part, ()))
        return names

    def documents(self, name: str) -> list[tuple[str, dict[str, Any]]]:
        return [
            (doc_id, source)
            for index in self.resolve(name)
            for doc_id, source in sorted(self.indices[index]["docs"].items())
        ]

    def calls(self, method: str, pattern: str) -> list[Request]:
        return [
            r
            for r in self.requests
            if r.method == method and re.fullmatch(pattern, r.path)
        ]


def _handler(state: FakeElasticsearch) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body in one segment: no delayed-ACK stall per request.
        disable_nagle_algorithm = True
        wbufsize = 64 * 1024

        def log_message(self, *args: object) -> None:
            pass

        def _body(self) -> Any:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            if not raw:
                return None
            if self.path.split("?")[0].endswith("_bulk"):
                return [json.loads(line) for line in raw.splitlines() if line.strip()]
            return json.loads(raw)

        def _answer(self, status: int, payload: Any = None) -> None:
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _missing(self, name: str) -> None:
            self._answer(
                404,
                {
                    "error": {"type": "index_not_found_exception", "reason": name},
                    "status": 404,
                },
            )

        def do_HEAD(self) -> None:
            self._route("HEAD")

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PUT(self) -> None:
            self._route("PUT")

        def do_DELETE(self) -> None:
            self._route("DELETE")

        def _route(self, method: str) -> None:
            path = urlsplit(self.path).path
            body = self._body()
            headers = {k.lower(): v for k, v in self.headers.items()}
            state.requests.append(Request(method, path, body, headers))
            parts = [p for p in path.split("/") if p]
            if not parts:
                return self._answer(
                    200, {"version": {"number": state.version}, "tagline": "stub"}
                )
            if parts[0] == "_alias" or (len(parts) == 2 and parts[0] == "_alias"):
                alias = parts[1]
                holders = sorted(state.aliases.get(alias, ()))
                if not holders:
                    return self._answer(404, {"error": "alias missing", "status": 404})
                return self._answer(
                    200, {name: {"aliases": {alias: {}}} for name in holders}
                )
            if parts == ["_aliases"]:
                for action in body["actions"]:
                    ((verb, spec),) = action.items()
                    holders = state.aliases.setdefault(spec["alias"], set())
                    if verb == "add":
                        holders.add(spec["index"])
                    else:
                        holders.discard(spec["index"])
                return self._answer(200, {"acknowledged": True})
            if parts == ["_bulk"] or parts[-1] == "_bulk":
                return self._bulk(body)
            name = parts[0]
            if len(parts) == 1:
                if method == "PUT":
                    state.indices[name] = {"body": body, "docs": {}}
                    return self._answer(200, {"acknowledged": True, "index": name})
                if method == "DELETE":
                    state.indices.pop(name, None)
                    for holders in state.aliases.values():
                        holders.discard(name)
                    return self._answer(200, {"acknowledged": True})
            if not state.resolve(name):
                return self._missing(name)
            action = parts[1]
            if action == "_refresh":
                return self._answer(200, {"_shards": {"failed": 0}})
            if action == "_count":
                return self._answer(200, {"count": len(state.documents(name))})
            if action == "_delete_by_query":
                terms = body["query"]["terms"]
                ((key, values),) = terms.items()
                deleted = 0
                for index in state.resolve(name):
                    docs = state.indices[index]["docs"]
                    for doc_id in [d for d, s in docs.items() if s.get(key) in values]:
                        del docs[doc_id]
                        deleted += 1
                return self._answer(200, {"deleted": deleted, "failures": []})
            if action == "_search":
                if state.search_answer is not None:
                    return self._answer(200, state.search_answer(name, body))
                docs = state.documents(name)
                start, size = body.get("from", 0), body.get("size", 10)
                return self._answer(
                    200,
                    {
                        "took": 1,
                        "timed_out": False,
                        "hits": {
                            "total": {"value": len(docs), "relation": "eq"},
                            "hits": [
                                {"_id": doc_id, "_score": 1.0, "_source": source}
                                for doc_id, source in docs[start : start + size]
                            ],
                        },
                        "aggregations": {"last": {"value": None}},
                    },
                )
            return self._answer(400, {"error": f"stub: no route {method} {path}"})

        def _bulk(self, lines: list[dict[str, Any]]) -> None:
            items = []
            iterator = iter(lines)
            for meta in iterator:
                ((operation, spec),) = meta.items()
                targets = state.resolve(spec["_index"])
                if operation == "delete":
                    docs = state.indices[targets[0]]["docs"] if targets else {}
                    found = docs.pop(str(spec["_id"]), None) is not None
                    items.append(
                        {
                            "delete": {
                                "_id": spec["_id"],
                                "status": 200 if found else 404,
                            }
                        }
                    )
                    continue
                source = next(iterator)
                if len(targets) != 1:
                    items.append(
                        {operation: {"status": 400, "error": {"type": "no_target"}}}
                    )
                    continue
                state.indices[targets[0]]["docs"][str(spec["_id"])] = source
                items.append(
                    {
                        operation: {
                            "_index": targets[0],
                            "_id": str(spec["_id"]),
                            "status": 201,
                            "result": "created",
                        }
                    }
                )
            errors = any(next(iter(i.values()))["status"] >= 300 for i in items)
            self._answer(200, {"took": 1, "errors": errors, "items": items})

    return Handler


class StubServer:
    def __init__(self) -> None:
        self.state = FakeElasticsearch()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        host, port = self.server.server_address[:2]
        self.state.url = f"http://{host}:{port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeElasticsearch:
        self.thread.start()
        return self.state

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
