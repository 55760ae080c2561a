"""Test helpers for plugin authors (and ketcover's own tests). No Textual, no data folder needed.

    from ketcover_tui.testing import check_plugin, run_source, sample_case

    def test_registers():
        report = check_plugin("my_ketcover_plugin")      # loaded like ketcover loads it, strictly
        assert [s.id for s in report.funding_sources] == ["my-source"]

    def test_runs():
        result = run_source("my_ketcover_plugin", "my-source", {"amount": "1200"}, case=sample_case())
        assert "1,200.00" in result.summary

Everything runs in strict mode: an exception in your plugin is raised as it
is (with its traceback) instead of being recorded and skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib.metadata import EntryPoint
from pathlib import Path

from .domain.case import Case, Condition, Patient, Plan, Provider
from .domain.checklists import Checklist
from .domain.funding import FundingContext, FundingResult, FundingSource
from .domain.funding_inputs import default_inputs
from .domain.vocab import PlanType, Stage
from .hookspecs import PROJECT_NAME
from .plugin_host import ENV_STRICT_PLUGINS, PluginHost


@dataclass
class PluginReport:
    """What one plugin contributed."""

    name: str
    hooks: list[str]
    checklists: list[Checklist] = field(default_factory=list)
    funding_sources: list[FundingSource] = field(default_factory=list)


def plugin_host(module: str, name: str | None = None, *, strict: bool = True) -> PluginHost:
    """A plugin host that loads only ``module`` (an importable name), as entry point ``name``."""
    entry_point = EntryPoint(name=name or module.rsplit(".", 1)[-1], value=module, group=PROJECT_NAME)
    env = {ENV_STRICT_PLUGINS: "1"} if strict else {}
    return PluginHost(entry_points=[entry_point], env=env).load()


def check_plugin(module: str, name: str | None = None) -> PluginReport:
    """Load ``module`` strictly, run every collecting hook, and check its funding sources.

    Raises the plugin's own exception if importing, registering or drawing a
    default from a case fails; AssertionError for contract problems the host
    would only record (nothing contributed at all).
    """
    host = plugin_host(module, name)
    host.collect_all()
    [record] = host.plugins()
    case = sample_case()
    for source in host.funding_sources():
        default_inputs(source, case)  # every from_case must work on a realistic case
        default_inputs(source, None)
    report = PluginReport(name=record.name, hooks=record.hooks, checklists=host.checklists(),
                          funding_sources=host.funding_sources())
    if not report.hooks:
        raise AssertionError(f"{module} implements no ketcover hook (is @hookimpl applied?)")
    return report


def run_source(module: str, source_id: str, inputs: Mapping[str, str] | None = None, *,
               case: Case | None = None, cache_dir: Path | None = None, timeout: float = 5.0) -> FundingResult:
    """Run one source of ``module`` the way the app and the CLI do.

    ``inputs`` is text as a user would type it; fields not given start from
    their defaults (drawn from ``case`` where the source says so). Raises
    ``InvalidInputs`` for bad input, ``SourceUnavailable`` for an unreachable
    service, and the plugin's own exception for a bug.
    """
    host = plugin_host(module)
    source = host.funding_source(source_id)
    if source is None:
        ids = ", ".join(s.id for s in host.funding_sources()) or "none"
        raise AssertionError(f"{module} registers no funding source {source_id!r} (it registers: {ids})")
    raw = default_inputs(source, case)
    raw.update({k: str(v) for k, v in (inputs or {}).items()})
    cache = None
    if cache_dir is not None:
        from .store.funding_cache import FileCache

        cache = FileCache(Path(cache_dir))
    result = host.run_funding_source(source, raw, FundingContext(case=case, cache=cache, timeout=timeout))
    assert_sourced(result)
    return result


def assert_sourced(result: FundingResult) -> None:
    """Every source a result cites has a name and an as-of date (facts change; users must see when)."""
    problems = [f"{ref.name or '(unnamed)'}: no as_of date" for ref in result.sources if not ref.as_of]
    problems += ["a source without a name" for ref in result.sources if not ref.name.strip()]
    if problems:
        raise AssertionError("result cites sources without what users need: " + "; ".join(problems))


def sample_case(**changes) -> Case:
    """A realistic, made-up case (Unicode name, Massachusetts, fully insured, cost estimate 6 × $700)."""
    case = Case(
        id="sample0001",
        patient=Patient(name="Zoë Ørsted", date_of_birth=date(1984, 3, 7), state="MA"),
        conditions=[Condition("F33.2", "Major depressive disorder, recurrent, severe without psychotic features")],
        plan=Plan(insurer="Blue Cross Blue Shield of Massachusetts", plan_type=PlanType.COMMERCIAL_FULLY_INSURED,
                  member_id="XYZ123456789", group_id="G12345"),
        provider=Provider(clinic="Harbor Light Ketamine Clinic", npi="1234567893", tax_id="12-3456789"),
        stage=Stage.DENIED,
    )
    case.funding.cost_per_infusion = Decimal("700.00")
    case.funding.infusions = 6
    for name, value in changes.items():
        setattr(case, name, value)
    return case
