"""Browser mode: `ketcover serve` answers over HTTP, and the app runs behind its websocket."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from ketcover_tui.serve import exposure_warning

pytest.importorskip("textual_serve")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serving(data_dir, *extra: str):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ketcover_tui.cli", "--data-dir", str(data_dir), "serve", "--port", str(port), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                return process, port, response.read().decode()
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


async def _screen_text_over_websocket(port: int) -> str:
    import aiohttp

    received = ""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
            await ws.send_json(["resize", {"width": 80, "height": 24}])
            deadline = time.monotonic() + 30
            while "cases" not in received and time.monotonic() < deadline:
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


def test_serve_binds_loopback_and_runs_the_app_for_a_browser(data_dir):
    subprocess.run([sys.executable, "-m", "ketcover_tui.cli", "demo", "--data-dir", str(data_dir), "--cases", "3"],
                   check=True)
    process, port, page = start_serving(data_dir)
    try:
        assert "<html" in page.lower() and "/ws" in page
        screen = asyncio.run(_screen_text_over_websocket(port))
        assert "ketcover" in screen and "3 cases" in screen
        # Nothing listens on other addresses of this machine.
        with socket.socket() as sock:
            sock.settimeout(1)
            assert sock.connect_ex(("127.0.0.2", port)) != 0
    finally:
        err = stop(process)
    assert "warning" not in err


def test_binding_elsewhere_warns():
    assert exposure_warning("127.0.0.1") is None and exposure_warning("localhost") is None
    assert exposure_warning("::1") is None
    assert "no login" in exposure_warning("0.0.0.0")


def test_serve_warns_on_stderr_when_bound_to_all_interfaces(data_dir):
    process, _port, _page = start_serving(data_dir, "--host", "0.0.0.0")
    err = stop(process)
    assert "warning: serving on 0.0.0.0" in err
