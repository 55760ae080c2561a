"""A demo case whose every free-text field holds Textual markup and console escapes, stored as is.

Cases stored before today's input rules (or written by another program) can hold
anything; the app must show it literally and never crash on it.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime

from ketcover_tui.demo import demo_cases
from ketcover_tui.domain.case import Case

MARKUP = "[b]B[/b] [/b] [@click=app.quit]x[/] [red] \\["
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\u202eRLO"
# Fields that hold codes, dates or ids the app parses rather than shows: left as they are.
_PARSED = re.compile(r"(^|_)(id|ids|at|date|day|due|done|updated|created|by|time|start|end|icd10|npi|tax_id|"
                     r"kind|type|status|stage|route|unit|state|zip|code|codes|cpt|hcpcs|pos|rev|source|"
                     r"instrument|category|network|section|template|version|modifiers|phone|number|fax|"
                     r"email|url|plan_type|outcome|decision|level|rule|relationship|sex|gender|currency|"
                     r"method|channel|benefit|format)$")


def _parsed_value(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
        return True
    except ValueError:
        return bool(re.fullmatch(r"[0-9.\-:+ /$]*", value))


def poison(obj, text: str) -> None:
    """Append ``text`` to every free-text string in a case's object graph (in place)."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, str) and not _PARSED.search(f.name) and value and not _parsed_value(value) \
                    and not isinstance(value, __import__("enum").Enum):
                setattr(obj, f.name, value + text)
            elif isinstance(value, str) and not value and f.name in ("notes", "note", "description", "promised"):
                setattr(obj, f.name, text.strip())
            elif isinstance(value, list) and value and all(isinstance(v, str) for v in value) \
                    and f.name in ("side_effects", "plan_changes"):
                setattr(obj, f.name, [v + text for v in value])
            elif not isinstance(value, (str, int, float, date, type(None))):
                poison(value, text)
    elif isinstance(obj, (list, tuple)):
        for item in obj:
            poison(item, text)
    elif isinstance(obj, dict):
        for item in obj.values():
            poison(item, text)


def rich_demo_case() -> Case:
    """The demo case with the most records of every kind."""
    def weight(case: Case) -> int:
        return (len(case.calls) + len(case.journal.sessions) + len(case.money.entries) + len(case.documents)
                + sum(len(getattr(case.appeals, k)) for k in ("prior_auths", "claims", "denials")) * 3
                + len(case.funding.entries) * 2)

    return max(demo_cases(30, seed=1), key=weight)


def hostile_case(text: str = " " + MARKUP) -> Case:
    case = rich_demo_case()
    poison(case, text)
    return case
