"""The one review step every ``ketcover import …`` command goes through: show, ask, then write.

An import reads its file(s) into an ``ImportPlan``: the changes it would make,
described in words (and as JSON), plus an ``apply`` callback that writes them.
``review`` prints the plan and decides:

- ``--dry-run``: print the changes (``--json``: as JSON) and write nothing;
- ``--yes``: apply without asking (for scripts);
- a terminal: ask "Apply these changes?"; only "y"/"yes" applies;
- no terminal and no ``--yes``: nothing is written (exit 1, saying how to apply).

A file that is not what it claims is a ``UsageError`` raised before ``review``
(one line, exit 2, nothing written). Text read from files is printed as plain
text with control characters replaced, never interpreted.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from typing import Callable

from .common import EXIT_FAILED, EXIT_OK

AREAS = ("Plan", "Money", "Appeals", "Documents")


@dataclass(frozen=True)
class Change:
    """One thing an import would do to one case, in words the user can check."""

    case_id: str
    area: str  # the tab it lands on: Plan / Money / Appeals / Documents
    action: str  # add / update / adjust / keep (already there: nothing to do)
    summary: str  # one line, e.g. "EOB 2026-03-02 90834 billed $200.00, allowed $120.00"
    details: dict = field(default_factory=dict)  # JSON-able facts (field: value, or field: [before, after])
    source: str = ""  # where in the file it came from, e.g. "CLP 1 (claim 7722)", "p. 2 line 14"

    def to_dict(self) -> dict:
        return {"case": self.case_id, "area": self.area, "action": self.action, "summary": self.summary,
                "details": self.details, "source": self.source}


@dataclass
class ImportPlan:
    """What an import would do: ``changes`` (``keep`` ones are shown, not applied), ``notes`` and ``apply``.

    ``apply()`` writes every change that is not ``keep`` and returns a one-line
    summary of what was written; it is called at most once, and only after the
    user (or ``--yes``) agreed. ``notes`` are lines worth reading before saying
    yes: unmatched claims, fields left empty, warnings.
    """

    what: str  # e.g. "EOBs from remit.835"
    changes: list[Change]
    apply: Callable[[], str]
    notes: list[str] = field(default_factory=list)

    @property
    def pending(self) -> list[Change]:
        return [c for c in self.changes if c.action != "keep"]

    def to_dict(self) -> dict:
        return {"import": self.what, "changes": [c.to_dict() for c in self.changes], "notes": list(self.notes)}


def add_review_options(parser) -> None:
    """--dry-run, --json and --yes, the same on every import command."""
    parser.add_argument("--dry-run", action="store_true", help="print what would change and write nothing")
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    parser.add_argument("-y", "--yes", action="store_true", help="apply without asking (for scripts)")


def plain(text: object) -> str:
    """Text from a file, safe to print: control characters (escape codes, CR, NUL) shown as '?'."""
    return "".join(ch if ch.isprintable() or ch == " " else "?" for ch in str(text))


def review(args, plan: ImportPlan, *, ask: Callable[[str], str] | None = None,
           is_terminal: Callable[[], bool] | None = None) -> int:
    """Show ``plan``, then apply it if the options or the user say so; the command's exit code."""
    is_terminal = is_terminal or (lambda: sys.stdin.isatty())
    dry_run, as_json, yes = getattr(args, "dry_run", False), getattr(args, "json", False), getattr(args, "yes", False)
    out = sys.stderr if as_json else sys.stdout  # with --json, stdout is only the JSON
    if as_json:
        document = plan.to_dict() | {"dry_run": dry_run, "applied": False}
    else:
        _print_plan(plan)
    if not plan.pending:
        if as_json:
            print(json.dumps(document, ensure_ascii=False, indent=2))
        print("Nothing to change." if not dry_run else "Nothing would change.", file=out)
        return EXIT_OK
    if dry_run:
        if as_json:
            print(json.dumps(document, ensure_ascii=False, indent=2))
        print(f"Dry run: {len(plan.pending)} change(s) shown, nothing was written.", file=out)
        return EXIT_OK
    if not yes:
        if not is_terminal():
            if as_json:
                print(json.dumps(document, ensure_ascii=False, indent=2))
            print("ketcover: no terminal to ask whether to apply these changes, so nothing was written; "
                  "add --yes to apply them, or --dry-run to only look", file=sys.stderr)
            return EXIT_FAILED
        if as_json:
            print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2), file=sys.stderr)
        answer = (ask or _ask)(f"Apply these {len(plan.pending)} change(s)? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was written.", file=out)
            return EXIT_OK
    done = plan.apply()
    if as_json:
        print(json.dumps(document | {"applied": True, "result": done}, ensure_ascii=False, indent=2))
    else:
        print(plain(done))
    return EXIT_OK


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        return ""


def _print_plan(plan: ImportPlan) -> None:
    print(plain(plan.what))
    for case_id in dict.fromkeys(c.case_id for c in plan.changes):
        print(f"Case {case_id}:")
        for change in (c for c in plan.changes if c.case_id == case_id):
            where = f"  [{plain(change.source)}]" if change.source else ""
            print(f"  {change.action:<6} {change.area:<9} {plain(change.summary)}{where}")
    for note in plan.notes:
        print(f"Note: {plain(note)}")


class Progress:
    """'Reading remit.835: 1,200 claims…' on stderr for long imports (a terminal only, at most 5 per second)."""

    def __init__(self, label: str, unit: str, *, stream=None):
        self.label, self.unit = label, unit
        self.stream = stream or sys.stderr
        self.enabled = getattr(self.stream, "isatty", lambda: False)()
        self._last = 0.0
        self.count = 0

    def __call__(self, count: int) -> None:
        self.count = count
        now = time.monotonic()
        if self.enabled and now - self._last >= 0.2:
            self._last = now
            self.stream.write(f"\r{plain(self.label)}: {count:,} {self.unit}…")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self._last:
            self.stream.write(f"\r{plain(self.label)}: {self.count:,} {self.unit}.\n")
            self.stream.flush()
