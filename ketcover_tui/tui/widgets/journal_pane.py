"""The Journal tab: efficacy at a glance, a trend chart, and every session and score, newest first.

n records a session, m a symptom measure (PHQ-9, GAD-7, PCL-5, pain), p opens
prior treatments, t switches the chart to the next measure, w sets the weight,
x exports the journal, enter edits, delete removes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets.option_list import Option

from ...domain import journal as jn
from ...domain import journal_forms as jf
from ...domain import measures as ms
from ...domain import instruments as ins
from ...domain.case import Case
from ...domain.fields import InvalidFields, one_line
from ..case_updates import save_case_change
from ..literal import OptionList, Static

RATING_SHORT = {"mood": "mood", "anxiety": "anx", "pain": "pain", "energy": "energy"}


def session_prompt(s: jn.Session, weight) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{s.on} ", style="bold")
    text.append("◆ ", style="bold")
    text.append(f"{s.times() or 'no times':<11} {s.route_label} {jn.dose_text(s, weight) or 'dose —'}")
    changes = [f"{RATING_SHORT[k]} {s.before[k]}→{s.after[k]}" for k, _ in jn.RATINGS
               if k in s.before and k in s.after]
    if changes:
        text.append(" · " + ", ".join(changes[:2]), style="dim")
    return text


def measure_prompt(e: ms.MeasureEntry) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{e.on} ", style="bold")
    text.append("⚠ " if e.crisis else "  ", style="bold reverse" if e.crisis else "")
    text.append(f"{e.spec.name} {e.score}/{e.spec.max_score} ", style="bold")
    text.append(e.band)
    if e.crisis:
        text.append(" · item 9 positive: see 988 below", style="bold")
    return text


def session_detail(s: jn.Session, case: Case) -> Text:
    text = Text()
    minutes = s.duration_min
    line = [f"{s.drug_label} {s.route_label}", jn.dose_text(s, case.journal.weight_kg) or "dose not recorded",
            f"{minutes} min" if minutes is not None else "no start/stop times", s.provider]
    text.append(" · ".join(p for p in line if p) + "\n", style="bold")
    ratings = [f"{label} {s.before.get(k, '—')}→{s.after.get(k, '—')}" for k, label in jn.RATINGS
               if k in s.before or k in s.after]
    text.append("Before→after: " + (", ".join(ratings) or "not rated") + "\n")
    text.append("Side effects: " + (s.side_effect_words() or "none recorded") + "\n")
    scores = [m.headline() for m in case.journal.measures if m.session_id == s.id]
    if scores:
        text.append("Scores: " + "; ".join(scores) + "\n")
    if s.notes:
        text.append("Notes: " + one_line(s.notes, 200) + "\n", style="dim")
    return text


def measure_detail(e: ms.MeasureEntry) -> Text:
    text = Text()
    text.append(f"{e.spec.title}: {e.score} of {e.spec.max_score}, {e.band}\n", style="bold")
    text.append("Items: " + " ".join(str(v) for v in e.items))
    if e.difficulty is not None:
        text.append(f" · difficulty: {ins.DIFFICULTY[e.difficulty][1].lower()}")
    if e.instrument == "pcl5":
        text.append(" · DSM-5 cluster rule " + ("met" if ins.pcl5_dsm_rule(e.items) else "not met"))
    text.append("\n")
    if e.crisis:
        text.append(f"⚠ {ins.CRISIS.text}\n", style="bold")
        text.append(f"Source: {ins.CRISIS.source} (as of {ins.CRISIS.as_of})\n", style="dim")
    if e.note:
        text.append(f"Note: {e.note}\n", style="dim")
    rule = ins.RESPONSE_RULE
    text.append(f"Bands: {e.spec.source} (as of {e.spec.as_of}). {rule.text} Source: {rule.source}.\n", style="dim")
    if e.spec.footer:
        text.append(e.spec.footer + "\n", style="dim")
    return text


def chart_summary(result: ms.Efficacy | None) -> str:
    """'21 → 13, −38% · response no · remission no' (short: it sits beside the chart's title)."""
    if result is None:
        return ""
    if not result.followed_up:
        return f"baseline {result.baseline.score} {result.baseline.band}"
    pct = result.change_percent
    change = f"{'−' if result.change < 0 else '+'}{abs(pct)}%" if pct is not None else f"{result.change:+d}"
    text = f"{result.baseline.score} → {result.latest.score} {ins.short_band(result.instrument, result.latest.score)}" \
           f", {change}"
    if result.response is not None:
        text += f" · response {'yes' if result.response else 'no'}"
    if result.remission is not None:
        text += f" · remission {'yes' if result.remission else 'no'}"
    return text


class JournalPane(Vertical):
    BINDINGS = [
        Binding("n", "new_session", "Session", id="journal.session"),
        Binding("m", "new_measure", "Measure", id="journal.measure"),
        Binding("t", "next_chart", "Chart", id="journal.chart"),
        Binding("p", "prior", "Prior tx", id="journal.prior"),
        Binding("w", "weight", "Weight", id="journal.weight"),
        Binding("x", "export", "Export", id="journal.export"),
        Binding("delete", "delete", "Delete", show=False, id="journal.delete"),
    ]

    def __init__(self, case: Case, **kwargs):
        super().__init__(**kwargs)
        self.case = case
        self.chart_index = 0
        self.ids: list[str] = []

    def compose(self) -> ComposeResult:
        from .trend_chart import TrendChart  # chart code loads with the tab, not at start-up

        yield Static("", id="journal-summary")
        yield TrendChart(id="journal-chart")
        yield OptionList(id="journal-list")
        with VerticalScroll(id="journal-detail-box"):
            yield Static("", id="journal-detail")

    def on_mount(self) -> None:
        used = self._used()
        self.chart_index = list(ins.INSTRUMENTS).index(used[0]) if used else 0
        self._fill(keep=None)

    def on_show(self) -> None:
        self.query_one("#journal-list", OptionList).focus()

    # --- drawing ---------------------------------------------------------------------------

    def _used(self) -> list[str]:
        present = {m.instrument for m in self.case.journal.measures}
        return [i for i in ins.INSTRUMENTS if i in present]

    def _timeline(self) -> list[tuple[str, object]]:
        """(option id, item) newest first: sessions before the scores taken on the same day."""
        j = self.case.journal
        items = [((s.on, 1, n), f"s:{s.id}", s) for n, s in enumerate(j.sessions)]
        items += [((m.on, 0, n), f"m:{m.id}", m) for n, m in enumerate(j.measures)]
        return [(key, item) for _, key, item in sorted(items, key=lambda x: x[0], reverse=True)]

    def _fill(self, keep: str | None) -> None:
        j = self.case.journal
        timeline = self._timeline()
        listing = self.query_one("#journal-list", OptionList)
        listing.clear_options()
        self.ids = [key for key, _ in timeline]
        listing.add_options([Option(session_prompt(item, j.weight_kg) if key.startswith("s:") else
                                    measure_prompt(item), id=key) for key, item in timeline])
        if timeline:
            listing.highlighted = self.ids.index(keep) if keep in self.ids else 0
        self._summary()
        self._chart()
        self._detail()

    def _summary(self) -> None:
        j = self.case.journal
        text = Text(no_wrap=True, overflow="ellipsis")
        efficacy = ms.efficacy_all(j.measures, j.session_days())
        sessions = len(j.sessions)
        text.append(f"{sessions} session{'s' if sessions != 1 else ''}", style="bold")
        text.append(f" · {j.weight_kg} kg" if j.weight_kg else " · weight not set (w)")
        failed = sum(1 for p in j.prior if p.outcome in ("failed", "not_tolerated"))
        text.append(f" · prior treatments: {len(j.prior)}" + (f", {failed} failed or not tolerated" if failed else ""))
        latest_phq = ms.ordered(j.measures, "phq9")
        if latest_phq and latest_phq[-1].crisis:
            text.append("\n⚠ Latest PHQ-9: item 9 positive. Follow up today. Crisis: call or text 988.",
                        style="bold reverse")
        if not efficacy:
            text.append("\nNo symptom scores yet: press m to add a PHQ-9, GAD-7, PCL-5 or pain rating.", style="dim")
        self.query_one("#journal-summary", Static).update(text)

    def _chart(self) -> None:
        from .trend_chart import TrendChart

        instrument = list(ins.INSTRUMENTS.values())[self.chart_index]
        entries = ms.ordered(self.case.journal.measures, instrument.id)
        result = ms.efficacy(self.case.journal.measures, instrument.id, self.case.journal.session_days())
        others = [i for i in self._used() if i != instrument.id]
        summary = chart_summary(result) + ("  (t: " + ", ".join(ins.INSTRUMENTS[i].name for i in others) + ")"
                                           if others else "")
        self.query_one("#journal-chart", TrendChart).show(instrument, entries, summary)

    def _current(self) -> tuple[str, object] | None:
        listing = self.query_one("#journal-list", OptionList)
        if listing.highlighted is None or not self.ids:
            return None
        key = self.ids[listing.highlighted]
        j = self.case.journal
        try:
            item = j.session(key[2:]) if key.startswith("s:") else jn.find_measure(j, key[2:])
        except KeyError:
            return None
        return key, item

    def _detail(self) -> None:
        detail = self.query_one("#journal-detail", Static)
        current = self._current()
        if current is None:
            detail.update("No sessions yet. Press n after each session: date, start and stop, dose, how you felt "
                          "before and after, side effects. Press m for a symptom score.")
            return
        key, item = current
        detail.update(session_detail(item, self.case) if key.startswith("s:") else measure_detail(item))

    def show_case(self, case: Case) -> None:
        current = self._current()
        self.case = case
        self._fill(keep=current[0] if current else None)

    @on(OptionList.OptionHighlighted, "#journal-list")
    def _highlighted(self) -> None:
        self._detail()
        current = self._current()
        if current and current[0].startswith("m:"):  # the chart follows the highlighted score's measure
            index = list(ins.INSTRUMENTS).index(current[1].instrument)
            if index != self.chart_index:
                self.chart_index = index
                self._chart()

    @on(OptionList.OptionSelected, "#journal-list")
    def _selected(self) -> None:
        current = self._current()
        if current is None:
            return
        key, item = current
        if key.startswith("s:"):
            self._session_form(item)
        else:
            self._measure_form(item.instrument, original=item)

    # --- actions ----------------------------------------------------------------------------

    def select(self, key: str) -> None:
        self._fill(keep=key)
        self.query_one("#journal-list", OptionList).focus()

    def _session_form(self, original: jn.Session | None) -> None:
        from ..screens.session_form import SessionFormScreen

        def saved(result) -> None:
            if not result:
                return
            session, _ = result
            self.select(f"s:{session.id}")
            if original is None:
                self._ask_measure(session)

        self.app.push_screen(SessionFormScreen(self.case, original), saved)

    def _ask_measure(self, session: jn.Session) -> None:
        from ..screens.pick import PickScreen

        order = self._used() + [i for i in ins.INSTRUMENTS if i not in self._used()]
        options = [(i, f"{ins.INSTRUMENTS[i].title}") for i in order] + [("later", "Not now")]

        def chosen(instrument_id: str | None) -> None:
            if instrument_id in ins.INSTRUMENTS:
                self._measure_form(instrument_id, session=session)

        self.app.push_screen(PickScreen(f"Session of {session.on} saved. Record a symptom score for it?", options,
                                        detail="Scores before or after sessions show whether the treatment works: "
                                               "insurers ask for them."), chosen)

    def _measure_form(self, instrument_id: str, *, original: ms.MeasureEntry | None = None,
                      session: jn.Session | None = None) -> None:
        from ..screens.measure_form import MeasureFormScreen

        def saved(entry) -> None:
            if entry is not None:
                self.chart_index = list(ins.INSTRUMENTS).index(entry.instrument)
                self.select(f"m:{entry.id}")

        on = session.on.isoformat() if session else ""
        self.app.push_screen(MeasureFormScreen(self.case, instrument_id, original=original,
                                               session_id=session.id if session else "", on=on), saved)

    def action_new_session(self) -> None:
        self._session_form(None)

    def action_new_measure(self) -> None:
        from ..screens.pick import PickScreen

        current = self._current()
        session = current[1] if current and current[0].startswith("s:") else None
        options = [(i.id, f"{i.title} · {len(i.items)} item{'s' if len(i.items) > 1 else ''}")
                   for i in ins.INSTRUMENTS.values()]

        def chosen(instrument_id: str | None) -> None:
            if instrument_id:
                self._measure_form(instrument_id, session=session)

        where = f" (for the session of {session.on})" if session else ""
        self.app.push_screen(PickScreen(f"Which measure{where}?", options), chosen)

    def action_next_chart(self) -> None:
        used = self._used()
        names = list(ins.INSTRUMENTS)
        if len(used) <= 1:  # nothing to switch to: say why instead of doing nothing
            missing = ", ".join(i.name for key, i in ins.INSTRUMENTS.items() if key not in used)
            if used:
                message = f"Only {ins.INSTRUMENTS[used[0]].name} has scores. Press m to add {missing}."
            else:
                message = f"No symptom scores yet, so there is nothing to chart. Press m to add one ({missing})."
            self.notify(message, title="Chart", timeout=6, markup=False)
            return
        current = names[self.chart_index]
        following = [i for i in used if names.index(i) > names.index(current)]
        self.chart_index = names.index(following[0] if following else used[0])
        self._chart()

    def action_prior(self) -> None:
        from ..screens.prior_treatments import PriorTreatmentsScreen

        self.app.push_screen(PriorTreatmentsScreen(self.case))

    def action_weight(self) -> None:
        from ..screens.spec_form import FormField, SpecFormScreen

        def validate(values: dict[str, str]):
            try:
                weight = jf.parse_weight(values["weight"])
            except ValueError as exc:
                raise InvalidFields({"weight": str(exc)}) from None
            return weight

        def save(weight) -> bool:
            return save_case_change(self.app, self.case.id,
                                    lambda case: setattr(case.journal, "weight_kg", weight)) is not None

        current = str(self.case.journal.weight_kg or "")
        self.app.push_screen(SpecFormScreen(
            f"Weight · {self.case.patient.name}", [FormField("weight", "Weight", "kg, or lb like 154 lb")],
            {"weight": current}, validate=validate, save=save,
            note="Used to show each session's dose in mg/kg. Empty = not known."))

    def action_export(self) -> None:
        from ...documents.journal import journal_document
        from ..screens.document_export import DocumentExportScreen

        self.app.push_screen(DocumentExportScreen(
            self.case, "journal", f"Export the treatment journal · {self.case.patient.name}",
            build=lambda case, start, end: journal_document(case, start, end)))

    def action_delete(self) -> None:
        from ..screens.confirm import ConfirmScreen

        current = self._current()
        if current is None:
            return
        key, item = current
        if key.startswith("s:"):
            what, detail = f"the session of {item.on}", ("Scores taken at it are kept (no longer linked); invoices "
                                                         "and receipts linked to it are kept too.")

            def change(case: Case) -> None:
                from ...domain.money import unlink_session

                jn.delete_session(case.journal, item.id)
                unlink_session(case.money, item.id)
        else:
            what, detail = f"the {item.spec.name} of {item.on}", "The journal is evidence: delete only a mistake."

            def change(case: Case) -> None:
                case.journal.measures.remove(jn.find_measure(case.journal, item.id))

        def answered(yes: bool | None) -> None:
            if yes:
                save_case_change(self.app, self.case.id, change)

        self.app.push_screen(ConfirmScreen(f"Delete {what}?", detail, yes="Delete", no="Keep"), answered)
