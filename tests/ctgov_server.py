"""A real HTTP server on 127.0.0.1, in a thread, answering like ClinicalTrials.gov API v2.

It serves the recorded responses in tests/data/ctgov/ and can be told to
fail the way a real service does (HTTP errors, slowness, broken JSON). Every
request's query is recorded so tests can check what ketcover asked for.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DATA = Path(__file__).parent / "data" / "ctgov"
TOKEN = json.loads((DATA / "page1.json").read_text())["nextPageToken"]


class CtGovServer:
    """``mode``: "pages" (default), "empty", "http500", "http429", "http400", "slow", "malformed", "shape"."""

    def __init__(self) -> None:
        self.mode = "pages"
        self.delay = 2.0
        self.requests: list[dict[str, list[str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != "/api/v2/studies":
                    return self._send(404, b'{"error": "not found"}')
                query = parse_qs(parts.query)
                outer.requests.append(query)
                mode = outer.mode
                if mode == "http500":
                    return self._send(500, b"Internal Server Error", "text/plain")
                if mode == "http429":
                    return self._send(429, b"Too Many Requests", "text/plain")
                if mode == "http400":
                    return self._send(400, b"Invalid value for filter.overallStatus: BOGUS\nmore", "text/plain")
                if mode == "slow":
                    time.sleep(outer.delay)
                if mode == "malformed":
                    return self._send(200, b'{"studies": [ {"protocolSection": ', "application/json")
                if mode == "shape":
                    return self._send(200, b'{"studies": {"not": "a list"}}', "application/json")
                if mode == "empty":
                    name = "empty.json"
                else:
                    name = "page2.json" if query.get("pageToken") == [TOKEN] else "page1.json"
                self._send(200, (DATA / name).read_bytes())

            def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/api/v2"

    def __enter__(self) -> "CtGovServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def closed_port_url() -> str:
    """A 127.0.0.1 URL where nothing listens (connection refused = offline)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v2"
