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
}
SKIP = {"record_stamps", "checklist"}  # stamps themselves; checklist ticks carry their own


def records(data: dict) -> dict[str, tuple[str, object]]:
    """Every record in a case dict: "section:id" -> (section path, record)."""
    found: dict[str, tuple[str, object]] = {}

    def walk(value: object, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if not path and key in SKIP:
                    continue
                walk(inner, f"{path}.{key}" if path else key)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
                    found[f"{path}:{item['id']}"] = (path, item)
                    walk({k: v for k, v in item.items() if k != "id"}, path)

    walk(data, "")
    return found


def stamp_changes(before: dict, after: dict, stamps: dict, *, by: str, at: str) -> dict:
    """New stamps: records added or changed between ``before`` and ``after`` get (by, at)."""
    old, new = records(before), records(after)
    updated = {key: stamp for key, stamp in stamps.items() if key in new}
    for key, (section, record) in new.items():
        if key not in old or old[key][1] != record:
            updated[key] = {"by": by, "at": at, "section": section}
    return updated


def recent_changes(stamps: dict, limit: int = 8) -> list[str]:
    """The latest stamped changes as lines for the case overview, newest first."""
    latest = sorted(stamps.items(), key=lambda item: item[1].get("at", ""), reverse=True)[:limit]
    lines = []
    for key, stamp in latest:
        section = stamp.get("section", key.split(":")[0])
        name = RECORD_NAMES.get(section, section)
        record_id = key.rsplit(":", 1)[-1][:8]
        when = stamp.get("at", "")[:16].replace("T", " ")
        lines.append(f"  {when}  {stamp.get('by') or '?':<12} {name} {record_id}")
    return lines
