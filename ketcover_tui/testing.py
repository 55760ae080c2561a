"""Test helpers for plugin authors (and ketcover's own tests). No Textual, no data folder needed.

    from ketcover_tui.testing import build_letter, check_plugin, render, run_source, sample_case

    def test_the_plugin_is_sound():
        report = check_plugin("my_ketcover_plugin")      # every hook, every contribution, a fresh Python too
        assert [s.id for s in report.funding_sources] == ["my-source"]

    def test_runs():
        result = run_source("my_ketcover_plugin", "my-source", {"amount": "1200"}, case=sample_case())
        assert "1,200.00" in result.summary

Everything runs in strict mode: an exception in your plugin is raised as it
is (with its traceback) instead of being recorded and skipped. Contract
problems the host would only record (an id a built-in plugin already uses, a
draft that still holds ``{placeholder}``, importing Textual) fail with an
AssertionError that says what to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint
from pathlib import Path

from .documents.letters import Draft, LetterContext
from .documents.model import Document
from .domain.case import Case
from .domain.checklists import Checklist, applicable
from .domain.call_scripts import question_text
from .domain.funding import FundingContext, FundingResult, FundingSource
from .domain.funding_inputs import default_inputs
from .hookspecs import PROJECT_NAME
from .plugin_host import ENV_STRICT_PLUGINS, PluginHost
from .plugin_host.checks import FAIL, clashes, exercise
from .plugin_host.probe import probe
from .plugin_host.samples import sample_case, sample_document, sample_record

__all__ = ["PluginReport", "plugin_host", "check_plugin", "run_source", "build_letter", "render", "script_questions",
           "checklists_for", "assert_sourced", "sample_case", "sample_document", "sample_record"]


@dataclass
class PluginReport:
    """What one plugin contributed, and what it imported in a fresh Python."""

    name: str
    hooks: list[str]
    checklists: list[Checklist] = field(default_factory=list)
    funding_sources: list[FundingSource] = field(default_factory=list)
    call_scripts: list = field(default_factory=list)
    letter_templates: list = field(default_factory=list)
    exporters: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong
    imported_on_load: list[str] = field(default_factory=list)  # top-level packages, besides ketcover's
    imported_when_running: list[str] = field(default_factory=list)


def plugin_host(module: str, name: str | None = None, *, strict: bool = True) -> PluginHost:
    """A plugin host that loads only ``module`` (an importable name), as entry point ``name``."""
    entry_point = EntryPoint(name=name or _name(module), value=module, group=PROJECT_NAME)
    env = {ENV_STRICT_PLUGINS: "1"} if strict else {}
    return PluginHost(entry_points=[entry_point], env=env).load()


def _name(module: str) -> str:
    return module.split(":")[0].rsplit(".", 1)[-1]


def _fail_on(findings, module: str) -> None:
    problems = [f.line() for f in findings if f.level == FAIL]
    if problems:
        raise AssertionError(f"{module}: " + "; ".join(problems))


def check_plugin(module: str, name: str | None = None, *, fresh: bool = True) -> PluginReport:
    """Load ``module`` strictly, run every hook and exercise every contribution, as ``ketcover plugins --check``.

    Raises the plugin's own exception if importing, registering or running
    its code fails; AssertionError for a contract problem: no hook, an id an
    installed plugin (a built-in one too) already uses, a call-script question
    or letter draft with an unfilled ``{placeholder}``, a cited source without
    an as-of date, an exporter that renders nothing. With ``fresh`` (the
    default) the plugin is also loaded in a new Python, to catch imports the
    test run hides: importing Textual fails the check.
    """
    name = name or _name(module)
    host = plugin_host(module, name)
    findings = exercise(host, name)
    findings += clashes(host, name, module)
    _fail_on(findings, module)
    report = PluginReport(name=name, hooks=host.plugins()[0].hooks, checklists=host.checklists(),
                          funding_sources=host.funding_sources(), call_scripts=host.call_scripts(),
                          letter_templates=host.letter_templates(), exporters=host.exporters(),
                          notes=[f.line() for f in findings])
    if fresh:
        fresh_report = probe(name, module)
        if fresh_report.error:
            raise AssertionError(f"{module}: {fresh_report.error}")
        for forbidden, where in fresh_report.forbidden.items():
            raise AssertionError(f"{module} imports {forbidden} (first at {where}): a plugin must never import "
                                 "Textual; it contributes data and functions, and ketcover draws them")
        problems = [f"{f['what']}: {f['message']}" for f in fresh_report.findings if f["level"] == FAIL]
        if problems:
            raise AssertionError(f"{module}, loaded in a fresh Python: " + "; ".join(problems))
        report.imported_on_load = fresh_report.imported_on_load
        report.imported_when_running = fresh_report.imported_when_running
    return report


def run_source(module: str, source_id: str, inputs: Mapping[str, str] | None = None, *,
               case: Case | None = None, cache_dir: Path | None = None, timeout: float = 5.0) -> FundingResult:
    """Run one source of ``module`` the way the app and the CLI do, giving up after ``timeout`` seconds.

    ``inputs`` is text as a user would type it; fields not given start from
    their defaults (drawn from ``case`` where the source says so). Raises
    ``InvalidInputs`` for bad input, ``SourceUnavailable`` for an unreachable
    service, ``PluginRunFailed`` when ``run`` takes longer than ``timeout``,
    the plugin's own exception for a bug, and AssertionError when an installed
    plugin already uses the source's id.
    """
    host = plugin_host(module)
    source = host.funding_source(source_id)
    if source is None:
        ids = ", ".join(s.id for s in host.funding_sources()) or "none"
        raise AssertionError(f"{module} registers no funding source {source_id!r} (it registers: {ids})")
    _fail_on([f for f in clashes(host, _name(module), module) if f.what == f"funding source {source_id!r}"], module)
    raw = default_inputs(source, case)
    raw.update({k: str(v) for k, v in (inputs or {}).items()})
    cache = None
    if cache_dir is not None:
        from .store.funding_cache import FileCache

        cache = FileCache(Path(cache_dir))
    result = host.run_funding_source(source, raw, FundingContext(case=case, cache=cache, timeout=timeout))
    assert_sourced(result)
    return result


def build_letter(module: str, template_id: str, *, case: Case | None = None, record=None) -> Draft:
    """Build a letter with ``module``'s template the way the app does (on ``sample_case(records=True)`` by default).

    ``record`` is the denial or prior authorization the letter is about; by
    default the case's latest one of the kind the template ``needs``.
    """
    host = plugin_host(module)
    template = next((t for t in host.letter_templates() if t.id == template_id), None)
    if template is None:
        ids = ", ".join(t.id for t in host.letter_templates()) or "none"
        raise AssertionError(f"{module} registers no letter template {template_id!r} (it registers: {ids})")
    case = case if case is not None else sample_case(records=True)
    record = record if record is not None else sample_record(case, template.needs)
    return host.build_letter(template, LetterContext(case, record))


def render(module: str, exporter_id: str, document: Document | None = None) -> bytes:
    """Render ``document`` (``sample_document()`` by default: every kind of block) with one of ``module``'s exporters."""
    host = plugin_host(module)
    exporter = next((e for e in host.exporters() if e.id == exporter_id), None)
    if exporter is None:
        ids = ", ".join(e.id for e in host.exporters()) or "none"
        raise AssertionError(f"{module} registers no exporter {exporter_id!r} (it registers: {ids})")
    return host.render_export(exporter, document if document is not None else sample_document())


def script_questions(module: str, script_id: str, case: Case | None = None) -> list[str]:
    """The questions of one call script as the app shows them for ``case`` (placeholders filled)."""
    host = plugin_host(module)
    script = next((s for s in host.call_scripts() if s.id == script_id), None)
    if script is None:
        ids = ", ".join(s.id for s in host.call_scripts()) or "none"
        raise AssertionError(f"{module} registers no call script {script_id!r} (it registers: {ids})")
    case = case if case is not None else sample_case()
    return [question_text(q, case) for q in script.questions]


def checklists_for(module: str, case: Case | None = None) -> list[Checklist]:
    """``module``'s checklists that the app shows on ``case`` (by its plan type and stage)."""
    case = case if case is not None else sample_case()
    return applicable(plugin_host(module).checklists(), case.plan.plan_type, case.stage)


def assert_sourced(result: FundingResult) -> None:
    """Every source a result cites has a name and an as-of date (facts change; users must see when)."""
    problems = [f"{ref.name or '(unnamed)'}: no as_of date" for ref in result.sources if not ref.as_of]
    problems += ["a source without a name" for ref in result.sources if not ref.name.strip()]
    if problems:
        raise AssertionError("result cites sources without what users need: " + "; ".join(problems))
