"""Letters kept with the case: each edited version (when, by whom), and each time one was sent.

A ``Letter`` is one letter about one record (the internal appeal of a denial,
the prior-authorization request of a PA): its versions, newest last, and its
sendings (when, how, to whom, the tracking or confirmation number). The packet
uses the latest version.

Marking a letter **sent** records the step on its record when that step is
still empty (the denial's "Appeal sent", the PA's "Submitted"). Marking it
**received by the plan** writes the denial's ``appeal_received`` and its
evidence (or the external review's, or the PA's): the deadline engine's
decision clock reads those fields, so there is one source of truth. Only a
letter that starts no clock (a claim-file request) keeps its receipt on the
sending itself.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from .fields import InvalidFields, date_or_none

HOW = {"fax": "fax", "mail": "mail", "portal": "portal", "email": "e-mail"}
MAX_TEXT = 200_000  # characters in one version: far more than any letter
MAX_FIELD = 300

# What sending a letter does to its record: files -> (record list, sent field, received field, evidence field)
STEPS = {
    "appeal": ("denials", "appeal_filed", "appeal_received", "appeal_received_evidence"),
    "external_review": ("denials", "external_review_filed", "external_review_received",
                        "external_review_received_evidence"),
    "prior_auth": ("prior_auths", "submitted", "received_by_plan", "receipt_evidence"),
}


@dataclass
class LetterVersion:
    number: int
    text: str
    saved_at: str  # ISO timestamp
    by: str  # OS user


@dataclass
class Sending:
    version: int
    on: date
    how: str  # a HOW key
    to: str  # fax number, address or portal, as sent
    tracking: str = ""  # fax confirmation, tracking or portal confirmation number
    received_on: date | None = None  # only for letters that start no clock (see the module docstring)
    received_evidence: str = ""

    def words(self) -> str:
        text = f"sent by {HOW.get(self.how, self.how)} on {self.on}" + (f" to {self.to}" if self.to else "")
        return text + (f", confirmation {self.tracking}" if self.tracking else "")


@dataclass
class Letter:
    template_id: str
    title: str
    record_id: str = ""
    files: str = ""  # "appeal" | "external_review" | "prior_auth" | ""
    signer: str = "patient"
    versions: list[LetterVersion] = field(default_factory=list)
    sendings: list[Sending] = field(default_factory=list)
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    @property
    def latest(self) -> LetterVersion | None:
        return self.versions[-1] if self.versions else None


def find_letter(appeals, template_id: str, record_id: str = "") -> Letter | None:
    return next((l for l in appeals.letters if l.template_id == template_id and l.record_id == (record_id or "")),
                None)


def letter_by_id(appeals, letter_id: str) -> Letter:
    for letter in appeals.letters:
        if letter.id == letter_id:
            return letter
    raise KeyError(letter_id)


def save_version(appeals, template_id: str, title: str, text: str, *, record_id: str = "", files: str = "",
                 signer: str = "patient", at: str, by: str) -> Letter:
    """Keep ``text`` as the letter's newest version (nothing new when it equals the latest)."""
    if len(text) > MAX_TEXT:
        raise InvalidFields({"text": f"The letter is over {MAX_TEXT:,} characters: shorten it"})
    letter = find_letter(appeals, template_id, record_id)
    if letter is None:
        letter = Letter(template_id, title, record_id or "", files, signer)
        appeals.letters.append(letter)
    letter.title = title
    if letter.latest is None or letter.latest.text != text:
        letter.versions.append(LetterVersion(len(letter.versions) + 1, text, at, by))
    return letter


def _record(appeals, letter: Letter):
    step = STEPS.get(letter.files)
    if step is None or not letter.record_id:
        return None, None
    return next((r for r in getattr(appeals, step[0]) if r.id == letter.record_id), None), step


def mark_sent(appeals, letter_id: str, *, version: int, on: date, how: str, to: str, tracking: str = "",
              today: date) -> Sending:
    errors = {}
    letter = letter_by_id(appeals, letter_id)
    if not any(v.number == version for v in letter.versions):
        errors["version"] = f"Version {version} does not exist: choose 1 to {len(letter.versions)}"
    if how not in HOW:
        errors["how"] = f"How it was sent: one of {', '.join(HOW.values())}"
    if on > today:
        errors["on"] = "The day it was sent is in the future: check the date"
    for name, value in (("to", to), ("tracking", tracking)):
        if len(value) > MAX_FIELD:
            errors[name] = f"Keep it under {MAX_FIELD} characters"
    if errors:
        raise InvalidFields(errors)
    sending = Sending(version, on, how, to.strip(), tracking.strip())
    letter.sendings.append(sending)
    record, step = _record(appeals, letter)
    if record is not None and getattr(record, step[1]) is None:
        setattr(record, step[1], on)
    return sending


def mark_received(appeals, letter_id: str, *, on: date, evidence: str, today: date) -> None:
    """The plan received the letter: on its record (the decision clock), else on its latest sending."""
    letter = letter_by_id(appeals, letter_id)
    errors = {}
    if not letter.sendings:
        errors["on"] = "Mark the letter sent first"
    elif on < letter.sendings[0].on:
        errors["on"] = f"It was received before it was sent ({letter.sendings[0].on}): check the date"
    if on > today:
        errors["on"] = "The day it was received is in the future: check the date"
    if len(evidence) > MAX_FIELD:
        errors["evidence"] = f"Keep it under {MAX_FIELD} characters"
    if errors:
        raise InvalidFields(errors)
    record, step = _record(appeals, letter)
    if record is not None:
        setattr(record, step[2], on)
        setattr(record, step[3], evidence.strip())
    else:
        letter.sendings[-1].received_on, letter.sendings[-1].received_evidence = on, evidence.strip()


def received(appeals, letter: Letter) -> tuple[date | None, str]:
    """When the plan received the letter, and the evidence (read from the record when it has the field)."""
    record, step = _record(appeals, letter)
    if record is not None:
        return getattr(record, step[2]), getattr(record, step[3])
    last = letter.sendings[-1] if letter.sendings else None
    return (last.received_on, last.received_evidence) if last else (None, "")


def status(appeals, letter: Letter) -> str:
    """'v3 · sent by fax on 2026-12-01 to 859-425-3379 · received 2026-12-03 (fax confirmation)'."""
    parts = [f"v{letter.latest.number}" if letter.latest else "no version"]
    if letter.sendings:
        parts.append(f"{letter.sendings[-1].words()} (v{letter.sendings[-1].version})")
        got, evidence = received(appeals, letter)
        parts.append(f"received {got}" + (f" ({evidence})" if evidence else ", no evidence recorded") if got
                     else "receipt not recorded")
    else:
        parts.append("not sent")
    return " · ".join(parts)


def sent_words(appeals, record_id: str, files: str) -> str:
    """How the latest letter that took step ``files`` for ``record_id`` was sent ('' if none is recorded)."""
    for letter in reversed(appeals.letters):
        if letter.record_id == record_id and letter.files == files and letter.sendings:
            return letter.sendings[-1].words()
    return ""


def step_status(appeals, record, short: bool = False) -> str:
    """How the latest letter that took a step on ``record`` went: 'sent 2026-12-01 by fax · received 2026-12-03'
    ('sent 12-01 · received 12-03' when ``short``); '' when none was sent."""
    for letter in reversed(getattr(appeals, "letters", [])):
        if letter.record_id == record.id and letter.files and letter.sendings:
            sent = letter.sendings[-1]
            got, _evidence = received(appeals, letter)
            if short:
                return f"sent {sent.on:%m-%d}" + (f", received {got:%m-%d}" if got else ", receipt?")
            return (f"sent {sent.on} by {HOW.get(sent.how, sent.how)}"
                    + (f" · received {got}" if got else " · receipt not recorded"))
    return ""


# --- storage ------------------------------------------------------------------------

def letters_to_list(letters: list[Letter]) -> list[dict]:
    return [{"id": l.id, "template_id": l.template_id, "title": l.title, "record_id": l.record_id,
             "files": l.files, "signer": l.signer,
             "versions": [{"number": v.number, "text": v.text, "saved_at": v.saved_at, "by": v.by}
                          for v in l.versions],
             "sendings": [{"version": s.version, "on": s.on.isoformat(), "how": s.how, "to": s.to,
                           "tracking": s.tracking,
                           "received_on": s.received_on.isoformat() if s.received_on else None,
                           "received_evidence": s.received_evidence} for s in l.sendings]}
            for l in letters]


def _number(value: object, default: int) -> int:
    if value in (None, ""):
        return default
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ValueError(f"appeals letters: {value!r} is not a version number")
    return int(value)


def letters_from_list(raw: object) -> list[Letter]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise ValueError("appeals: letters must be a list of objects")
    out = []
    for item in raw:
        versions, sendings = item.get("versions") or [], item.get("sendings") or []
        if not isinstance(versions, list) or not isinstance(sendings, list):
            raise ValueError("appeals letters: versions and sendings must be lists")
        letter = Letter(str(item.get("template_id") or ""), str(item.get("title") or ""),
                        str(item.get("record_id") or ""), str(item.get("files") or ""),
                        str(item.get("signer") or "patient"), id=str(item.get("id") or uuid.uuid4().hex[:8]))
        if not letter.template_id:
            raise ValueError("appeals letters: each letter needs its template_id")
        for v in versions:
            if not isinstance(v, dict) or not isinstance(v.get("text"), str) or len(v["text"]) > MAX_TEXT:
                raise ValueError("appeals letters: each version needs its text (at most 200,000 characters)")
            letter.versions.append(LetterVersion(_number(v.get("number"), len(letter.versions) + 1), v["text"],
                                                 str(v.get("saved_at") or ""), str(v.get("by") or "")))
        for s in sendings:
            if not isinstance(s, dict) or str(s.get("how")) not in HOW:
                raise ValueError(f"appeals letters: how a letter was sent must be one of {', '.join(HOW)}")
            on = date_or_none(s.get("on"), what="appeals letters sent on")
            if on is None:
                raise ValueError("appeals letters: a sending needs its date")
            letter.sendings.append(Sending(_number(s.get("version"), 1), on, str(s["how"]), str(s.get("to") or ""),
                                           str(s.get("tracking") or ""),
                                           date_or_none(s.get("received_on"), what="appeals letters received on"),
                                           str(s.get("received_evidence") or "")))
        out.append(letter)
    return out
