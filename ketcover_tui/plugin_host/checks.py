"""Exercise every contribution of a plugin the way ketcover will use it, and say what is wrong.

``exercise(host, name)`` is what ``ketcover plugins --check`` runs for each
plugin (in a fresh Python, see ``probe.py``) and what
``ketcover_tui.testing.check_plugin`` runs in the author's tests (strictly, so
the plugin's own exception surfaces). Each contribution is called with made-up
data (``samples.py``): checklists and call scripts are drawn for a case,
funding sources draw their defaults and run (those that use the network are
not run), letter templates build a draft for a case with records, exporters
render a document with every kind of block.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

from ..documents.letters import LetterContext, letter_document
from ..domain import funding as fundlib
from ..domain.call_scripts import question_text
from .jobs import JobCancelled
from .records import FAILED, describe

OWN_DISTRIBUTION = "ketcover"  # the built-in plugins: they are ketcover, so they need no API declaration
from .running import PluginRunFailed
from .samples import sample_case, sample_document, sample_record

FAIL, NOTE = "fail", "note"
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass
class Finding:
    level: str  # "fail" or "note"
    what: str  # e.g. "funding source 'hsa-fsa'"
    message: str

    def line(self) -> str:
        return f"{'✗' if self.level == FAIL else '·'} {self.what}: {self.message}"

    def to_dict(self) -> dict:
        return asdict(self)


def _valid_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


def exercise(host, name: str) -> list[Finding]:
    """Everything wrong (and worth noting) about plugin ``name`` in ``host`` (loaded already)."""
    record = next(r for r in host.plugins() if r.name == name)
    host.collect_all()
    if record.status == FAILED and not record.loaded:
        return [Finding(FAIL, "loading", record.what_happened())]
    findings = [Finding(FAIL, "contributions", p.line()) for p in record.problems]
    plugin = host.pm.get_plugin(name)
    unknown = sorted(c.name for c in (host.pm.get_hookcallers(plugin) or []) if c.spec is None)
    if unknown:
        findings.append(Finding(FAIL, "hooks", f"no such hook: {', '.join(unknown)} (a typo?)"))
    if not record.hooks:
        findings.append(Finding(FAIL, "hooks", "implements no ketcover hook (is @hookimpl applied?)"))
    if getattr(plugin, "KETCOVER_PLUGIN_API", None) is None and record.distribution != OWN_DISTRIBUTION:
        findings.append(Finding(NOTE, "plugin API", "declares no KETCOVER_PLUGIN_API; add "
                                "KETCOVER_PLUGIN_API = \"1.0\" so a later ketcover can tell it is compatible"))
    mine = lambda items: [item for item in items if item.plugin == name]  # noqa: E731
    case = sample_case(records=True)
    for checklist in mine(host.checklists()):
        findings += _check_facts(f"checklist {checklist.id!r}", checklist.items, "item")
        checklist.applies_to(case.plan.plan_type, case.stage)
    for script in mine(host.call_scripts()):
        what = f"call script {script.id!r}"
        findings += _check_facts(what, script.questions, "question")
        for question in script.questions:
            left = _PLACEHOLDER.findall(question_text(question, case))
            if left:
                findings.append(Finding(FAIL, what, f"question {question.id!r} uses {', '.join(left)}, which "
                                        "ketcover does not fill"))
    for source in mine(host.funding_sources()):
        findings += _run_source(host, source, case)
    for template in mine(host.letter_templates()):
        findings += _build_letter(host, template, case)
    for exporter in mine(host.exporters()):
        findings += _render(host, exporter, case)
    for failure in record.run_failures:
        findings.append(Finding(FAIL, failure.what, failure.error))
    return findings


def _check_facts(what: str, items, noun: str) -> list[Finding]:
    found = []
    for item in items:
        if item.as_of and not _valid_day(item.as_of):
            found.append(Finding(FAIL, what, f"{noun} {item.id!r}: as_of {item.as_of!r} is not a date (YYYY-MM-DD)"))
        if item.source and not item.as_of:
            found.append(Finding(FAIL, what, f"{noun} {item.id!r} names a source but not when it was read "
                                 "(as_of)"))
    unsourced = [item.id for item in items if not item.source]
    if unsourced:
        found.append(Finding(NOTE, what, f"{len(unsourced)} {noun}{'s' if len(unsourced) > 1 else ''} without a "
                             f"source ({', '.join(unsourced[:3])}{'…' if len(unsourced) > 3 else ''}): fine for "
                             "a step, not for a fact"))
    return found


def _run_source(host, source, case) -> list[Finding]:
    what = f"funding source {source.id!r}"
    host.funding_defaults(source, None)
    raw = host.funding_defaults(source, case)  # a from_case that fails is a run failure (reported below)
    if source.uses_network:
        return [Finding(NOTE, what, f"not run: it uses the network (try 'ketcover fund {source.id}')")]
    try:
        result = host.run_funding_source(source, raw, fundlib.FundingContext(case=case))
    except fundlib.InvalidInputs as exc:
        fields = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
        return [Finding(NOTE, what, f"needs input to run (with the sample case's defaults: {fields})")]
    except fundlib.SourceUnavailable as exc:
        return [Finding(NOTE, what, f"unavailable: {exc}")]
    except (PluginRunFailed, JobCancelled):
        return []  # recorded as a run failure, listed with the others
    return [Finding(FAIL, what, f"cites {ref.name or 'a source without a name'!r} without an as-of date")
            for ref in result.sources if not ref.as_of or not ref.name.strip()]


def _build_letter(host, template, case) -> list[Finding]:
    what = f"letter template {template.id!r}"
    try:
        draft = host.build_letter(template, LetterContext(case, sample_record(case, template.needs)))
    except PluginRunFailed:
        return []  # recorded as a run failure
    found = []
    if refused := getattr(draft, "refused", ""):  # the template will not write this letter for the sample case
        if not refused.strip() or not draft.title.strip():
            return [Finding(FAIL, what, "build() refused without saying why (or without a title)")]
        return [Finding(NOTE, what, f"refuses the sample case, as it may: {refused.splitlines()[0]}")]
    if not draft.text.strip() or not draft.title.strip():
        found.append(Finding(FAIL, what, "build() returned a draft with no title or no text"))
    left = sorted(set(_PLACEHOLDER.findall(draft.text)))
    if left:
        found.append(Finding(FAIL, what, f"the draft still holds {', '.join(left)}: fill it from the case, or "
                             "write [missing: what] for a fact the case lacks"))
    try:
        letter_document(case, draft.title, draft.text)
    except Exception as exc:  # the draft's text must turn into a document every exporter can render
        found.append(Finding(FAIL, what, f"its text cannot be turned into a document: {describe(exc)}"))
    return found


def _render(host, exporter, case) -> list[Finding]:
    what = f"exporter {exporter.id!r}"
    found = []
    for label, document in (("a sample document", sample_document()),
                            ("a letter", letter_document(case, "Letter", "# Letter\n\nDear reviewer,\n\n- one\n"))):
        try:
            data = host.render_export(exporter, document)
        except PluginRunFailed:
            return found  # recorded as a run failure
        if not data:
            found.append(Finding(FAIL, what, f"rendering {label} gave no bytes"))
    return found


_installed: dict[tuple, dict] = {}  # (entry points...) -> {(hook, id): "plugin 'x' (dist version)"}


def installed_ids(name: str, module: str) -> dict[tuple[str, str], str]:
    """Every id the *other* installed plugins contribute (all of them, whatever KETCOVER_LOAD_PLUGINS says)."""
    from importlib.metadata import entry_points

    from .host import ENTRY_POINT_GROUP, PluginHost

    top = module.split(":")[0]
    others = tuple(ep for ep in entry_points(group=ENTRY_POINT_GROUP)
                   if ep.name != name and ep.value.split(":")[0] != top)
    key = tuple((ep.name, ep.value) for ep in others)
    if key not in _installed:
        host = PluginHost(entry_points=others, env={}).load()
        host.collect_all()
        owners = {}
        for record in host.plugins():
            for hook, ids in record.contributions.items():
                for item_id in ids:
                    owners.setdefault((hook, item_id), f"plugin {record.name!r} ({record.distribution} "
                                                       f"{record.version})")
        _installed[key] = owners
    return _installed[key]


def clashes(host, name: str, module: str) -> list[Finding]:
    """Ids of plugin ``name`` that an installed plugin (a built-in one too) already uses."""
    from .records import KINDS

    owners = installed_ids(name, module)
    record = next(r for r in host.plugins() if r.name == name)
    found = []
    for hook, ids in record.contributions.items():
        kind, plural = KINDS[hook]
        for item_id in ids:
            if (hook, item_id) in owners:
                found.append(Finding(FAIL, f"{kind} {item_id!r}", f"{owners[hook, item_id]} already uses this id; "
                                     "when both are installed only the first to load keeps its "
                                     f"{plural} (ketcover's own load first): choose another id"))
    return found
