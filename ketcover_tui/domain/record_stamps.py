"""Who changed each record of a case last, and when.

Calls, sessions, scores, receipts, denials and the like are records: objects
with an ``id`` inside a list of the case. Rather than every record type keeping
its own stamp, the store compares the case before and after each save and
stamps the records that were added or changed with the OS user and the time.
"""

from __future__ import annotations

# Section path (as found in the case dict) -> how a person calls one record of it.
RECORD_NAMES = {
    "calls": "Call",
    "journal.sessions": "Session",
    "journal.prior": "Prior treatment",
    "journal.measures": "Score",
    "money.entries": "Money record",
    "appeals.prior_auths": "Prior authorization",
    "appeals.claims": "Claim",
    "appeals.denials": "Denial",
    "appeals.letters": "Letter",
    "funding.entries": "Funding option",
    "provider_search.candidates": "Clinic",
    "documents": "Document",
    "exports": "Export",
}


def records(data: dict) -> dict[str, tuple[str, object]]:
    """Every record in a case dict: "section:id" -> (section path, record).

    Records live in the known sections (``RECORD_NAMES``); only those lists are
    read, which keeps this cheap in a big case (it runs on every save).
    """
    found: dict[str, tuple[str, object]] = {}
    for section in RECORD_NAMES:
        value: object = data
        for key in section.split("."):
            value = value.get(key) if type(value) is dict else None
        if type(value) is not list:
            continue
        for item in value:
            if type(item) is dict:
                record_id = item.get("id")
                if type(record_id) is str and record_id:
                    found[f"{section}:{record_id}"] = (section, item)
    return found


def stamp_changes(before: dict, after: dict, stamps: dict, *, by: str, at: str, revision: int = 0) -> dict:
    """New stamps: records added or changed between ``before`` and ``after`` get (by, at, revision)."""
    old, new = records(before), records(after)
    updated = {key: stamp for key, stamp in stamps.items() if key in new}
    for key, (section, record) in new.items():
        if key not in old or old[key][1] != record:
            updated[key] = {"by": by, "at": at, "section": section, "rev": revision}
    return updated


def _order(stamp: dict) -> tuple:
    """Newest first by the case's change counter, which a clock set ahead cannot disturb; then the time."""
    rev = stamp.get("rev")
    return (rev if isinstance(rev, int) else -1, str(stamp.get("at", "")))


def recent_changes(stamps: dict, limit: int = 8) -> list[str]:
    """The latest stamped changes as lines for the case overview, newest first."""
    latest = sorted(stamps.items(), key=lambda item: _order(item[1]), reverse=True)[:limit]
    lines = []
    for key, stamp in latest:
        section = stamp.get("section", key.split(":")[0])
        name = RECORD_NAMES.get(section, section)
        record_id = key.rsplit(":", 1)[-1][:8]
        when = stamp.get("at", "")[:16].replace("T", " ")
        lines.append(f"  {when}  {stamp.get('by') or '?':<12} {name} {record_id}")
    return lines
