"""One call: who you reached, what you asked, what they said and promised, what happens next.

A new call starts its timer when the form opens; ctrl+t ends the call (the
duration is filled in) and you can keep typing. Fields are in the order you
need them on the phone; the start time sits at the bottom because it is
already filled. A guided call adds the script's questions; answers that are
plan facts update the plan on save, and the form shows what would change.
What you type is saved as a draft as you go, so a dropped SSH link or ctrl+q
never loses a call.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer

from ...domain import calls as calllog
from ...domain import clock
from ...domain.benefits import FACT_BY_KEY
from ...domain.call_scripts import CallScript, question_text
from ...domain.case import Case
from ...domain.fields import InvalidFields
from ...store import current_user_name
from ...store.drafts import Drafts
from ..case_updates import save_case_change
from ..literal import Input, Static, TextArea
from .spec_form import FormField, Section, SpecFormScreen

WHO = [
    Section("Who"),
    FormField("number", "Number dialled", "e.g. 1-800-555-0142 ext 3"),
    FormField("department", "Department", "e.g. Member services, Prior authorization"),
    FormField("rep_name", "Representative", "name as they gave it"),
    FormField("rep_id", "Rep id", "their id or extension"),
    FormField("reference", "Reference number", "ask for it before hanging up"),
]
WHAT = [
    Section("What came of it"),
    FormField("promised", "Promised (verbatim)", kind="text"),
    FormField("outcome", "Outcome", "e.g. PA form to be faxed to the clinic"),
    FormField("follow_up_due", "Follow-up due", "+7 = in a week, or YYYY-MM-DD"),
    FormField("notes", "Notes", kind="text"),
]
WHEN = [
    Section("When"),
    FormField("started_at", "Started", "YYYY-MM-DD HH:MM"),
    FormField("duration", "Duration", "minutes, or m:ss; empty = from the timer"),
]


class CallFormScreen(SpecFormScreen):
    BINDINGS = [
        *SpecFormScreen.BINDINGS,
        Binding("ctrl+t", "end_call", "End call", priority=True, id="callform.end"),
    ]

    def __init__(self, case: Case, *, original: calllog.CallEntry | None = None,
                 script: CallScript | None = None, draft: dict | None = None):
        self.case, self.original = case, original
        self.drafts: Drafts | None = None
        self._draft_closed = False
        self.draft_name = _draft_name(case.id, original.id if original else None)
        if original:
            self.questions = [(a.question, a.fact) for a in original.answers]
            self.hints = [""] * len(self.questions)
            self.script_title = original.script
            values = calllog.form_values(original)
            answers = [a.answer for a in original.answers]
            self.started = original.started
        else:
            self.questions = [(question_text(q, case), q.fact) for q in script.questions] if script else []
            self.hints = [question_hint(q) for q in script.questions] if script else []
            self.script_title = script.title if script else ""
            self.started = clock.now()
            values = {name: "" for name in calllog.FORM_FIELDS}
            values["started_at"] = self.started.strftime("%Y-%m-%d %H:%M")
            values["number"] = case.calls[-1].number if case.calls else ""
            answers = [""] * len(self.questions)
        if draft:  # restore what was being typed when the session ended
            self.questions = [tuple(q) for q in draft.get("questions", self.questions)]
            hints = draft.get("hints") or []
            self.hints = [str(h) for h in hints] if len(hints) == len(self.questions) else [""] * len(self.questions)
            self.script_title = draft.get("script", self.script_title)
            values = {**values, **{k: str(v) for k, v in (draft.get("values") or {}).items()
                                   if k in calllog.FORM_FIELDS}}
            answers = [str((draft.get("values") or {}).get(calllog.answer_key(n), ""))
                       for n in range(len(self.questions))]
            if draft.get("started"):
                self.started = datetime.fromisoformat(draft["started"])
        self.ended_s: int | None = original.duration_s if original else None
        self.timing = original is None and not (draft and draft.get("ended") is not None)
        if draft and draft.get("ended") is not None:
            self.ended_s = int(draft["ended"])
        for n, answer in enumerate(answers):
            values[calllog.answer_key(n)] = answer
        title = ("Edit call" if original else ("Call" if not self.script_title else self.script_title))
        super().__init__(f"{title} · {case.patient.name} · {case.plan.insurer or 'insurer not set'}",
                         WHO + self._question_items() + WHAT + WHEN, values,
                         validate=self._validate, save=self._save, focus="number")
        # A restored draft counts as typed text, so esc asks before throwing it away.
        self.restored = bool(draft)

    def _question_items(self) -> list:
        if not self.questions:
            return []
        items: list = [Section(self.script_title or "Questions")]
        for n, (text, fact) in enumerate(self.questions):
            hint = f"updates the plan: {FACT_BY_KEY[fact].label}" if fact in FACT_BY_KEY else "answer"
            items.append(FormField(calllog.answer_key(n), text, hint, kind="question"))
        return items

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self.form_title, id="form-title")
        yield Static("", id="call-timer")
        with VerticalScroll(id="form-body"):
            yield from self.compose_fields()
        yield Static("", id="question-help")
        yield Static("", id="call-preview")
        yield Static("", id="form-status")
        yield Footer(compact=True)

    def _field(self, spec: FormField) -> ComposeResult:
        if spec.kind != "question":
            yield from super()._field(spec)
            return
        with Vertical(classes="field question", id=f"field-{spec.name}"):
            yield Static(spec.label, classes="question-text")
            yield Input(self.initial.get(spec.name, ""), placeholder=spec.placeholder, id=spec.name, compact=True)
            yield Static("", classes="field-error", id=f"error-{spec.name}")

    def on_mount(self) -> None:
        self.query_one("#question-help").display = False
        super().on_mount()
        self.drafts = Drafts(self.app.store.root, current_user_name(),
                             getattr(getattr(self.app.store, "modes", None), "dir", 0o700))
        self._tick()
        self.set_interval(1, self._tick)
        self._update_preview()

    def _elapsed(self) -> int:
        return max(0, int((clock.now() - self.started).total_seconds()))

    def _tick(self) -> None:
        timer = self.query_one("#call-timer", Static)
        if self.timing:
            timer.update(f"● On the call {calllog.duration_text(self._elapsed())}  (since "
                         f"{self.started:%H:%M})  ctrl+t ends the call · ctrl+s saves")
        elif self.ended_s is not None:
            timer.update(f"Call from {self.started:%Y-%m-%d %H:%M}, {calllog.duration_text(self.ended_s)} long")
        else:
            timer.update(f"Call from {self.started:%Y-%m-%d %H:%M}")

    def on_descendant_focus(self, event) -> None:
        """Under the form: what the focused question is about, and the source of its facts."""
        help_line = self.query_one("#question-help", Static)
        name = event.widget.id or ""
        index = int(name.removeprefix("answer-")) if name.startswith("answer-") else None
        hint = self.hints[index] if index is not None and index < len(self.hints) else ""
        help_line.update(hint)
        help_line.display = bool(hint)

    # --- answers, preview, drafts ----------------------------------------------------------

    def answers(self, values: dict[str, str]) -> list[calllog.Answer]:
        return [calllog.Answer(text, values.get(calllog.answer_key(n), ""), fact)
                for n, (text, fact) in enumerate(self.questions)]

    def _update_preview(self) -> None:
        preview = self.query_one("#call-preview", Static)
        changes = calllog.preview_plan_changes(self.case.benefits, self.answers(self.values()))
        if self.original:  # only answers edited now change the plan again
            before = {a.fact: a.answer.strip() for a in self.original.answers}
            changes = [c for c in changes
                       if before.get(c.key) != self.values().get(self._answer_name(c.key), "").strip()]
        if not changes:
            preview.display = False
            return
        shown = "; ".join(c.line() for c in changes[:3])
        more = f" (+{len(changes) - 3} more)" if len(changes) > 3 else ""
        preview.update(f"Saving updates the plan: {shown}{more}")
        preview.display = True

    def _answer_name(self, fact: str) -> str:
        n = next(n for n, (_, f) in enumerate(self.questions) if f == fact)
        return calllog.answer_key(n)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _typed(self) -> None:
        if not self.is_mounted:
            return
        self._update_preview()
        self.set_timer(0.4, self._save_draft)

    def _save_draft(self) -> None:
        if self.drafts is None or self._draft_closed:
            return
        if not self.dirty:
            self.drafts.discard(self.draft_name)
            return
        try:
            self.drafts.save(self.draft_name, {
                "case_id": self.case.id, "questions": [list(q) for q in self.questions], "hints": self.hints,
                "script": self.script_title, "values": self.values(), "started": self.started.isoformat(),
                "ended": None if self.timing else self.ended_s, "saved_at": clock.now().isoformat(),
            })
        except OSError:
            pass  # a draft is a convenience; the form itself still holds everything

    def _discard_draft(self) -> None:
        self._draft_closed = True
        if self.drafts is not None:
            self.drafts.discard(self.draft_name)

    @property
    def dirty(self) -> bool:
        return self.restored or super().dirty

    # --- actions ------------------------------------------------------------------------

    def action_end_call(self) -> None:
        if not self.timing:
            self.notify("The call has already ended; change its duration below if needed.", timeout=4)
            return
        self.timing = False
        self.ended_s = self._elapsed()
        duration = self.query_one("#duration", Input)
        if not duration.value.strip():
            duration.value = calllog.duration_text(self.ended_s)
        self._tick()
        self.notify(f"Call ended after {calllog.duration_text(self.ended_s)}. Finish your notes, then ctrl+s.",
                    timeout=4)

    def _validate(self, values: dict[str, str]) -> calllog.CallEntry:
        if not values["duration"].strip() and values["started_at"] == self.initial["started_at"]:
            seconds = self.ended_s if not self.timing else self._elapsed()
            if seconds is not None:
                values = {**values, "duration": calllog.duration_text(seconds)}
        entry = calllog.call_from_form(values, self.answers(values), original=self.original)
        if not self.original:
            entry.script = self.script_title
        return entry

    def _save(self, entry: calllog.CallEntry) -> bool:
        changes: list = []

        def change(case: Case) -> None:
            previous = next((c for c in case.calls if c.id == entry.id), None) if self.original else None
            if self.original and previous is None:
                raise KeyError(entry.id)
            changes.extend(calllog.record_call(case, entry, previous))

        try:
            saved = save_case_change(self.app, self.case.id, change,
                                     gone="The call was deleted in another session; copy what you typed.")
        except InvalidFields as exc:  # an answer no longer fits the plan as saved by someone else
            self.show_errors({k if k.startswith("answer-") else self._answer_name(k): v
                              for k, v in exc.errors.items()})
            return False
        if saved is None:
            return False
        self._discard_draft()
        if changes:
            self.notify(f"Plan updated: {len(changes)} fact{'s' if len(changes) > 1 else ''}; "
                        "enter on the call lists them.", title="Call saved")
        else:
            due = f" Follow-up due {entry.follow_up_due}." if entry.follow_up_due else ""
            self.notify(f"Call saved.{due}", timeout=4)
        return True

    def action_cancel(self) -> None:
        if not self.dirty:
            self._discard_draft()
            self.dismiss(None)
            return
        from .confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self._discard_draft()
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard this call?", "What you typed will be lost. Press n to "
                                           "keep editing.", yes="Discard", no="Keep editing"), answered)


def question_hint(question) -> str:
    parts = [question.help] if question.help else []
    if question.source:
        parts.append(f"Source: {question.source}" + (f" (as of {question.as_of})" if question.as_of else ""))
    return "\n".join(parts)


def _draft_name(case_id: str, call_id: str | None) -> str:
    return f"call-{case_id}" + (f"-{call_id}" if call_id else "")


def call_draft(app, case_id: str, call_id: str | None = None) -> dict | None:
    """The unsaved call this user was typing on this case (None if there is none)."""
    return Drafts(app.store.root, current_user_name()).load(_draft_name(case_id, call_id))


def discard_call_draft(app, case_id: str, call_id: str | None = None) -> None:
    Drafts(app.store.root, current_user_name()).discard(_draft_name(case_id, call_id))


def draft_time(draft: dict) -> str:
    """When the draft was last typed into, as the question shows it: '14:02', or '2026-11-30 14:02' another day."""
    for key in ("saved_at", "started"):
        try:
            when = datetime.fromisoformat(str(draft.get(key) or "")).astimezone()
        except ValueError:
            continue
        return f"{when:%H:%M}" if when.date() == clock.today() else f"{when:%Y-%m-%d %H:%M}"
    return "an earlier time"
