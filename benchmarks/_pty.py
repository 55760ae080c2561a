"""Run an app in a real pseudo-terminal (80x24) and read what it writes: shared by the terminal benchmarks.

Not a benchmark itself. Plain stdlib: ``pty``/``os.openpty``, ``select``, ``fcntl``.
The app's output is read as it comes; a tiny model of the screen (cursor moves and
text only, no colours) says what each row shows, which is enough to see when the
first case rows are painted. Textual writes each changed line after a cursor move
(``ESC [ row ; col H``), so following those moves gives the rows' text.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time

COLUMNS, LINES = 80, 24
# CSI (with cursor moves captured), OSC, DCS/APC strings, and two-byte escapes.
_TOKENS = re.compile(
    rb"\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~])"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[P_^][^\x1b]*\x1b\\"
    rb"|\x1b[@-Z\\-_=>78]"
    rb"|(?P<text>[^\x1b]+)")


class Screen:
    """Rows of text as cursor moves and plain text place them (enough to see what is painted)."""

    def __init__(self, columns: int = COLUMNS, lines: int = LINES):
        self.columns, self.lines = columns, lines
        self.rows = [[" "] * columns for _ in range(lines)]
        self.y = self.x = 0
        self._pending = b""

    def feed(self, data: bytes) -> None:
        data = self._pending + data
        # Keep an unfinished escape sequence for the next chunk.
        cut = data.rfind(b"\x1b")
        if cut != -1 and not _complete_escape(data[cut:]):
            data, self._pending = data[:cut], data[cut:]
        else:
            self._pending = b""
        for match in _TOKENS.finditer(data):
            if match.group("text") is not None:
                self._text(match.group("text").decode("utf-8", "replace"))
            elif match.group("final") in (b"H", b"f"):
                parts = (match.group("params").decode() or "1;1").split(";")
                self.y = min(self.lines - 1, max(0, int(parts[0] or 1) - 1))
                self.x = min(self.columns - 1, max(0, int(parts[1] or 1) - 1 if len(parts) > 1 else 0))
            elif match.group("final") == b"J" and match.group("params") in (b"2", b"3"):
                self.rows = [[" "] * self.columns for _ in range(self.lines)]

    def _text(self, text: str) -> None:
        for char in text:
            if char == "\r":
                self.x = 0
            elif char == "\n":
                self.y = min(self.lines - 1, self.y + 1)
            elif char >= " ":
                if self.x < self.columns:
                    self.rows[self.y][self.x] = char
                self.x += 1  # wide characters are counted as one cell: fine for finding text

    def row(self, y: int) -> str:
        return "".join(self.rows[y]).rstrip()

    def text(self) -> list[str]:
        return [self.row(y) for y in range(self.lines)]


def _complete_escape(tail: bytes) -> bool:
    return bool(_TOKENS.match(tail)) and _TOKENS.match(tail).end() == len(tail)


class PtyApp:
    """A child process on the slave side of a pty sized 80x24; read its output from the master side."""

    def __init__(self, argv: list[str], env: dict[str, str], columns: int = COLUMNS, lines: int = LINES):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,  # Textual draws on stderr
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.screen = Screen(columns, lines)
        self.total = 0

    def read_until(self, done, timeout: float) -> float | None:
        """Read output until ``done(screen)`` holds; the time since start, or None on timeout."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            chunk = self._read(max(0.0, deadline - time.perf_counter()))
            if chunk is None:
                return None
            if chunk and done(self.screen):
                return time.perf_counter() - self.started
        return None

    def read_quiet(self, quiet: float = 0.35, timeout: float = 8.0) -> int:
        """Wait (up to ``timeout``) for output, then read until nothing has come for ``quiet`` seconds.

        The number of bytes read.
        """
        got = 0
        deadline = time.perf_counter() + timeout
        first = self._read(timeout)
        if not first:
            return 0
        got += len(first)
        while time.perf_counter() < deadline:
            chunk = self._read(quiet)
            if not chunk:
                break
            got += len(chunk)
        return got

    def _read(self, wait: float) -> bytes | None:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return b""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return None
        self.total += len(chunk)
        self.screen.feed(chunk)
        return chunk

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self, quit_keys: bytes = b"\x11") -> None:
        """Quit with ctrl+q (drain output meanwhile); kill the process group if it lingers."""
        try:
            self.send(quit_keys)
            deadline = time.perf_counter() + 10
            while self.proc.poll() is None and time.perf_counter() < deadline:
                if self._read(0.05) is None:
                    break
        except OSError:
            pass
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)
