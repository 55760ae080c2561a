"""Two people editing the same record of a case: merge field by field, stop on a real conflict.

A form shows a record as it was when opened (the base). When it saves, the
change is applied to the case as it is on disk now (theirs), giving mine. For
each record mine changed: fields only I changed keep my value, fields only
they changed keep theirs, and a field we both changed to different values is a
conflict: nothing is saved until the user decides. The case form does the same
for the case's own fields (``case.merge_edit``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .record_stamps import RECORD_NAMES, records


@dataclass(frozen=True)
class FieldConflict:
    record: str  # "calls:1bd90a44"
    section: str  # "calls"
    field: str
    theirs: object

    def describe(self) -> str:
        name = RECORD_NAMES.get(self.section, self.section)
        value = "" if self.theirs is None else str(self.theirs)
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"{name} {self.field.replace('_', ' ')}: theirs “{shown}”"


class RecordConflict(Exception):
    """Both sides changed the same field of a record; the message lists them (theirs)."""

    def __init__(self, conflicts: list[FieldConflict], *, by: str = "", at: str = ""):
        self.conflicts, self.by, self.at = conflicts, by, at
        details = "; ".join(c.describe() for c in conflicts[:3])
        more = f" and {len(conflicts) - 3} more" if len(conflicts) > 3 else ""
        when = f" at {at[11:16]} UTC" if len(at) >= 16 else ""
        super().__init__(f"{by or 'someone'} changed the same record{when} while you were editing "
                         f"({details}{more})")


def merge_records(base: dict, theirs: dict, mine: dict) -> tuple[bool, list[FieldConflict]]:
    """Merge, in ``mine`` (a case dict), what others changed since ``base`` into the records I changed.

    Returns (whether ``mine`` was changed, the conflicts). ``theirs`` is the case on
    disk before my change; ``mine`` is it with my change applied.
    """
    base_records, their_records = records(base), records(theirs)
    changed, conflicts = False, []
    for key, (section, my_record) in records(mine).items():
        if key not in base_records or key not in their_records:
            continue  # a record I added, or one I changed that is gone from disk
        base_record, their_record = base_records[key][1], their_records[key][1]
        if their_record == base_record or my_record == their_record or my_record == base_record:
            continue
        merged = dict(my_record)
        for name in {*base_record, *their_record, *my_record} - {"id"}:
            was, now, mine_value = base_record.get(name), their_record.get(name), my_record.get(name)
            if now == was or mine_value == now:
                continue
            if mine_value == was:
                merged[name] = now
            else:
                conflicts.append(FieldConflict(key, section, name, now))
        if merged != my_record:
            my_record.clear()
            my_record.update(merged)
            changed = True
    return changed, conflicts
