"""Plugin calls on daemon threads, given up after a time limit or when cancelled.

A thread cannot be killed. A call that overruns its limit, or that the user
cancels, is abandoned instead: its thread is a daemon (it never keeps the
process alive, so quitting is immediate), whatever it returns later is thrown
away, and the caller carries on at once. The work a plugin is given is a copy
(see ``PluginHost``), so a late finish cannot change what the app shows.

Why threads rather than a subprocess per call: a plugin call then costs
nothing extra (no new interpreter, no re-import of the plugin or of fpdf2 for
each PDF), the plugin gets the same objects as in-process code (the result
cache, the clock a test froze, plugins registered by tests), and nothing has to
be pickled. The price: an abandoned call keeps running in the background until
it ends by itself, and C code that holds the interpreter lock for long (no
plugin of ours does) would still stall the process.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Generic, TypeVar

T = TypeVar("T")

# How long ketcover waits for one plugin call (seconds). A funding source's run
# gets its context's ``timeout`` instead. KETCOVER_PLUGIN_TIMEOUT caps them all.
LIMITS = {
    "import": 10.0,  # importing one plugin
    "hook": 10.0,  # one register_* call
    "defaults": 2.0,  # drawing a form's defaults from a case (from_case)
    "letter": 20.0,  # building one letter draft
    "export": 120.0,  # rendering one document (a long PDF takes seconds)
}
ENV_PLUGIN_TIMEOUT = "KETCOVER_PLUGIN_TIMEOUT"
# A call is given up on this long after its limit, so a plugin that keeps to its own
# timeout (a network source using context.timeout) reports that itself, in its words.
GRACE = 0.25


class JobCancelled(Exception):
    """The user cancelled a plugin call. Nothing is recorded against the plugin."""


class CallTimedOut(TimeoutError):
    """A plugin call ran past its limit and was abandoned."""

    plain = True  # shown as its message alone

    def __init__(self, limit: float):
        self.limit = limit
        super().__init__(f"it took longer than {limit:g} s, so ketcover gave up on it")


class PluginJob(Generic[T]):
    """One plugin call on a daemon thread: poll it, wait for it, cancel it.

    ``check(value)`` validates what the call returned and ``on_failure(exc)``
    turns a failure into the exception to raise (recording it); both run on
    the thread that asks for ``result()``, never on the plugin's thread.
    Exceptions of the types in ``passthrough`` (bad input, a service that is
    offline) are raised as they are and recorded nowhere.
    """

    def __init__(self, call: Callable[[], T], *, limit: float, what: str,
                 check: Callable[[object], T] | None = None,
                 on_failure: Callable[[BaseException], BaseException] | None = None,
                 passthrough: tuple[type[BaseException], ...] = ()):
        self.what, self.limit = what, limit
        self._call, self._check, self._on_failure, self._passthrough = call, check, on_failure, passthrough
        self._finished = threading.Event()
        self._cancelled = threading.Event()
        self._value: object = None
        self._error: BaseException | None = None
        self._started = time.monotonic()
        self._thread: threading.Thread | None = None
        self._settled: tuple[bool, object] | None = None  # (ok, value or exception), once known

    def start(self) -> "PluginJob[T]":
        if self._thread is None:
            self._started = time.monotonic()
            self._thread = threading.Thread(target=self._work, name=f"ketcover plugin: {self.what}", daemon=True)
            self._thread.start()
        return self

    def _work(self) -> None:
        try:
            self._value = self._call()
        except BaseException as exc:  # noqa: BLE001 - everything a plugin raises is reported, nothing escapes
            self._error = exc
        finally:
            self._finished.set()

    # --- state -------------------------------------------------------------------------

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set() and not self.finished

    @property
    def over(self) -> bool:
        """True once there is an outcome: finished, cancelled or past the limit (and its grace)."""
        return self.finished or self._cancelled.is_set() or self.elapsed >= self.limit + GRACE

    def cancel(self) -> None:
        self._cancelled.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until ``over`` (or ``timeout`` seconds); returns ``over``. Ctrl+C still interrupts."""
        end = None if timeout is None else time.monotonic() + timeout
        while not self.over:
            left = self.limit + GRACE - self.elapsed
            if end is not None:
                left = min(left, end - time.monotonic())
                if left <= 0:
                    break
            self._finished.wait(min(max(left, 0.001), 0.1))  # short steps: cancel() and Ctrl+C are seen
        return self.over

    # --- the outcome -------------------------------------------------------------------

    def result(self) -> T:
        """What the call returned (checked), or raise; call it once ``over`` (``run()`` waits first)."""
        if self._settled is None:
            self._settled = self._settle()
        ok, value = self._settled
        if ok:
            return value  # type: ignore[return-value]
        raise value  # type: ignore[misc]

    def run(self) -> T:
        """Start if need be, wait, then ``result()``: the blocking form the CLI and tests use."""
        self.start().wait()
        return self.result()

    def _settle(self) -> tuple[bool, object]:
        if not self.finished:
            if self._cancelled.is_set():
                return False, JobCancelled(f"{self.what} was cancelled")
            return False, self._failed(CallTimedOut(self.limit))
        if self._error is not None:
            if isinstance(self._error, self._passthrough):
                return False, self._error
            if not isinstance(self._error, Exception):  # KeyboardInterrupt, SystemExit in a plugin
                return False, self._failed(RuntimeError(f"the plugin raised {type(self._error).__name__}"))
            return False, self._failed(self._error)
        try:
            return True, self._check(self._value) if self._check else self._value
        except Exception as exc:
            return False, self._failed(exc)

    def _failed(self, exc: BaseException) -> BaseException:
        if self._on_failure is None:
            return exc
        try:
            return self._on_failure(exc)
        except BaseException as raised:  # strict mode: the recorder re-raises the plugin's own exception
            return raised
