"""What the host knows about each plugin: where it comes from, what it contributes, what went wrong.

Nothing personal is put in here on purpose; an error line is the plugin's own
exception message (first line only where it is shown or stored).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

OK, FAILED, DISABLED = "ok", "failed", "disabled"
RUN_FAILED = "run failed"  # loaded fine, but a call of its code failed since (shown, never stored as status)

# Each collecting hook and what it collects: (singular, plural).
KINDS = {
    "register_checklists": ("checklist", "checklists"),
    "register_call_scripts": ("call script", "call scripts"),
    "register_funding_sources": ("funding source", "funding sources"),
    "register_letter_templates": ("letter template", "letter templates"),
    "register_exporters": ("exporter", "exporters"),
}
ERROR_LINE_LIMIT = 300  # characters of an error kept in one line


def describe(exc: BaseException) -> str:
    """'ExcType: message' (just the message for ketcover's own plain-worded errors, such as a timeout)."""
    message = str(exc)
    if getattr(exc, "plain", False):
        return message
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def first_line(text: str) -> str:
    line = text.splitlines()[0] if text else ""
    return line if len(line) <= ERROR_LINE_LIMIT else line[:ERROR_LINE_LIMIT - 1] + "…"


def count(n: int, hook: str) -> str:
    singular, plural = KINDS.get(hook, (hook, hook))
    return f"{n} {singular if n == 1 else plural}"


@dataclass
class Problem:
    """One hook of a plugin that failed: what it had registered through it was dropped."""

    hook: str
    error: str
    dropped: int = 0  # objects it had registered through this hook before failing (all dropped)

    def line(self) -> str:
        singular, plural = KINDS.get(self.hook, (self.hook, self.hook))
        if self.dropped == 1:
            return f"its {singular} was dropped ({self.hook}: {first_line(self.error)})"
        if self.dropped > 1:
            return f"its {self.dropped} {plural} were dropped ({self.hook}: {first_line(self.error)})"
        return f"it adds no {plural} ({self.hook}: {first_line(self.error)})"


@dataclass
class RunFailure:
    """A call of a plugin's code that failed while the app or a command ran it."""

    when: str  # ISO time, from the one clock
    what: str  # e.g. "funding source 'hsa-fsa'"
    error: str  # first line only
    version: str = "?"  # the plugin version that failed (older failures are not shown after an upgrade)

    def line(self) -> str:
        when = self.when[:16].replace("T", " ")
        return f"{self.what} failed on {when}: {self.error}"


@dataclass
class PluginRecord:
    """What the host knows about one entry point (no personal data in here)."""

    name: str  # entry-point name, also the pluggy plugin name
    distribution: str = "?"
    version: str = "?"
    module: str = ""  # what the entry point names, e.g. "ketcover_example_hsa"
    hooks: list[str] = field(default_factory=list)
    status: str = OK  # "ok" / "failed" / "disabled"
    error: str = ""  # the load error, else the first hook's error ("ExcType: message"); "" when all went well
    loaded: bool = False  # imported and registered (its working hooks contribute)
    problems: list[Problem] = field(default_factory=list)
    contributions: dict[str, list[str]] = field(default_factory=dict)  # hook -> ids it contributed
    run_failures: list[RunFailure] = field(default_factory=list)

    @property
    def first_error_line(self) -> str:
        return first_line(self.error)

    @property
    def state(self) -> str:
        """The status to show: "run failed" for a plugin that loaded but whose code failed since."""
        if self.status == OK and self.run_failures:
            return RUN_FAILED
        return self.status

    def contributes(self) -> str:
        """'5 checklists, 1 call script', or 'nothing'."""
        parts = [count(len(self.contributions[hook]), hook) for hook in KINDS if self.contributions.get(hook)]
        return ", ".join(parts) or "nothing"

    def what_happened(self) -> str:
        """One sentence: exactly what was dropped and what still works (no 'see details' tail)."""
        who = f"plugin {self.name!r} ({self.distribution} {self.version})"
        if self.status == FAILED and not self.loaded:
            return f"{who} could not be loaded, so none of it is used: {self.first_error_line}"
        parts = [p.line() for p in self.problems]
        working = self.contributes()
        if parts:
            tail = f"; it still contributes {working}" if working != "nothing" else "; it contributes nothing else"
            return f"{who}: " + "; ".join(parts) + tail
        if self.run_failures:
            return f"{who}: {self.run_failures[-1].line()}"
        return f"{who}: loaded, contributes {working}"

    def failure_line(self) -> str:
        """One line for stderr; the details are in `ketcover plugins`."""
        return f"ketcover: {self.what_happened()}; run 'ketcover plugins' for details"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["state"] = self.state
        return data
