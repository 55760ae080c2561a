"""Browser mode: `ketcover serve` answers only with its secret token, and the app runs behind its websocket.

On a shared host every local user can reach 127.0.0.1, so a client without the
printed token gets 403 on the page and on the websocket, a websocket from
another site's page (its Origin) is refused, and ``--socket`` serves on a 0600
unix socket. All against the real server with a real HTTP/websocket client.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from ketcover_tui.serve import exposure_warning

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(data_dir, *extra: str):
    process = subprocess.Popen(
        [sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir), "serve", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})
    lines = []
    while not (lines and lines[-1].startswith("ketcover: serving ")):
        line = process.stderr.readline()
        if not line:
            raise AssertionError("".join(lines) + process.stderr.read())
        lines.append(line)
    token = re.search(r"token=([\w-]+)", lines[-1]).group(1)
    return process, token, "".join(lines)


def start_serving(data_dir, *extra: str):
    port = free_port()
    process, token, printed = _start(data_dir, "--port", str(port), *extra)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=2) as response:
                return process, port, token, response.read().decode(), printed
        except OSError:
            if process.poll() is not None:
                raise AssertionError(process.stderr.read())
            time.sleep(0.2)
    process.kill()
    raise AssertionError("serve never answered")


def stop(process) -> str:
    process.terminate()
    try:
        _, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err


async def screen_over_websocket(url: str, *, cookies=None, headers=None, unix=None, want="cases") -> str:
    received = ""
    connector = aiohttp.UnixConnector(path=str(unix)) if unix else None
    async with aiohttp.ClientSession(cookies=cookies, connector=connector) as session:
        async with session.ws_connect(url, headers=headers or {}) as ws:
            await ws.send_json(["resize", {"width": 80, "height": 24}])
            deadline = time.monotonic() + 30
            while want not in received and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=5)
                except asyncio.TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    received += message.data.decode("utf-8", "replace")
                elif message.type == aiohttp.WSMsgType.TEXT:
                    received += message.data
                else:
                    break
    return received


def handshake_status(url: str, **kwargs) -> int:
    try:
        asyncio.run(screen_over_websocket(url, **kwargs))
    except aiohttp.WSServerHandshakeError as exc:
        return exc.status
    return 101


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve") / "data"
    subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "demo", "--data-dir", str(data_dir), "--cases", "3"],
                   check=True, capture_output=True)
    process, port, token, page, printed = start_serving(data_dir)
    yield port, token, page, printed
    assert "warning" not in stop(process)


def test_the_printed_url_holds_a_secret_token_and_the_app_works_with_it(served):
    port, token, page, printed = served
    assert f"http://127.0.0.1:{port}/?token={token}" in printed and len(token) >= 40
    assert "<html" in page.lower() and "/ws" in page
    screen = asyncio.run(screen_over_websocket(f"http://127.0.0.1:{port}/ws", cookies={"ketcover_token": token},
                                               headers={"Origin": f"http://127.0.0.1:{port}"}))
    assert "ketcover" in screen and "3 cases" in screen
    # Nothing listens on other addresses of this machine.
    with socket.socket() as sock:
        sock.settimeout(1)
        assert sock.connect_ex(("127.0.0.2", port)) != 0


def test_the_page_sets_the_token_as_a_strict_cookie_for_its_own_requests(served):
    port, token, _page, _printed = served
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=5) as response:
        cookie = response.headers["Set-Cookie"]
    assert f"ketcover_token={token}" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    request = urllib.request.Request(f"http://127.0.0.1:{port}/static/js/textual.js",
                                     headers={"Cookie": f"ketcover_token={token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200


@pytest.mark.parametrize("path", ["/", "/?token=wrong", "/static/js/textual.js", "/download/x"])
def test_without_the_token_every_page_is_403(served, path):
    port, _token, _page, _printed = served
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
    assert refused.value.code == 403
    assert "patient" not in refused.value.read().decode().lower()


def test_the_websocket_without_the_token_or_from_another_site_is_refused(served):
    port, token, _page, _printed = served
    url = f"http://127.0.0.1:{port}/ws"
    assert handshake_status(url) == 403
    assert handshake_status(url, cookies={"ketcover_token": "wrong"}) == 403
    assert handshake_status(f"{url}?token=wrong") == 403
    for origin in ("http://evil.example", f"http://127.0.0.1:{port}.evil.example", "null",
                   f"http://127.0.0.1:{port + 1}"):
        assert handshake_status(url, cookies={"ketcover_token": token}, headers={"Origin": origin}) == 403, origin
    assert handshake_status(url, cookies={"ketcover_token": token},
                            headers={"Origin": f"http://localhost:{port}"}) == 101


def test_a_unix_socket_is_0600_and_asks_for_the_token_too(data_dir, tmp_path):
    subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "demo", "--data-dir", str(data_dir), "--cases", "2"],
                   check=True, capture_output=True)
    path = tmp_path / "ketcover.sock"
    process, token, printed = _start(data_dir, "--socket", str(path))
    try:
        deadline = time.monotonic() + 30
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert stat.S_ISSOCK(path.stat().st_mode) and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert str(path) in printed

        async def get(target: str) -> tuple[int, str]:
            async with aiohttp.ClientSession(connector=aiohttp.UnixConnector(path=str(path))) as session:
                async with session.get(f"http://localhost:8000{target}") as response:
                    return response.status, await response.text()

        assert asyncio.run(get("/"))[0] == 403
        status, page = asyncio.run(get(f"/?token={token}"))
        assert status == 200 and "ws://localhost:8000/ws" in page  # the page follows the tunnel's address
        screen = asyncio.run(screen_over_websocket(
            "http://localhost:8000/ws", cookies={"ketcover_token": token}, headers={"Origin": "http://localhost:8000"},
            unix=path))
        assert "2 cases" in screen
        assert handshake_status("http://localhost:8000/ws", cookies={"ketcover_token": token},
                                headers={"Origin": "http://evil.example"},
                                unix=path) == 403
    finally:
        stop(process)
    assert not path.exists()
    # An existing path is never replaced.
    path.write_text("keep")
    result = subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir), "serve",
                             "--socket", str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2 and "exists" in result.stderr and path.read_text() == "keep"


def test_binding_elsewhere_warns():
    assert exposure_warning("127.0.0.1") is None and exposure_warning("localhost") is None
    assert exposure_warning("::1") is None
    assert "unencrypted" in exposure_warning("0.0.0.0")


def test_serve_warns_on_stderr_when_bound_to_all_interfaces(data_dir):
    port = free_port()
    process, _token, printed = _start(data_dir, "--host", "0.0.0.0", "--port", str(port))
    stop(process)
    assert "warning: serving on 0.0.0.0" in printed
