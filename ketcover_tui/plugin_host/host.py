"""The pluggy manager: discover, import and register plugins, and collect what they contribute.

Each import and each hook call runs as a ``PluginJob`` with a time limit, so a
plugin that hangs while loading is skipped instead of freezing the app.
Running a plugin's code later (funding runs, letters, exporters) is in
``running.py``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from importlib.metadata import EntryPoint, entry_points
from typing import Callable, Iterable, Mapping

import pluggy

from .. import hookspecs
from ..domain import clock
from ..domain import funding as fundlib
from ..domain.checklists import Checklist, ChecklistItem
from .jobs import ENV_PLUGIN_TIMEOUT, LIMITS, CallTimedOut, PluginJob
from .records import DISABLED, FAILED, KINDS, OK, PluginRecord, Problem, RunFailure, describe, first_line
from .running import Running

ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME
ENV_LOAD_PLUGINS = "KETCOVER_LOAD_PLUGINS"
ENV_STRICT_PLUGINS = "KETCOVER_STRICT_PLUGINS"

# The distribution that ships the built-in plugins; its plugins are listed first.
OWN_DISTRIBUTION = "ketcover"


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def dist_info(ep: EntryPoint) -> tuple[str, str]:
    """(name, version) of the distribution declaring ``ep``, read from metadata only."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "?", "?"
    try:
        return dist.name or "?", dist.version or "?"
    except Exception:  # broken METADATA must not break listing
        return "?", "?"


def check_api(plugin: object) -> None:
    """Refuse a plugin built for another major version of the plugin API (``KETCOVER_PLUGIN_API``)."""
    declared = getattr(plugin, "KETCOVER_PLUGIN_API", None)
    if declared is None:
        return
    ours = hookspecs.PLUGIN_API
    try:
        major, minor = (int(part) for part in str(declared).split("."))
    except ValueError:
        raise ValueError(f"KETCOVER_PLUGIN_API must look like {ours!r}, not {declared!r}") from None
    our_major, our_minor = (int(part) for part in ours.split("."))
    if major != our_major or minor > our_minor:
        raise RuntimeError(f"it is built for ketcover plugin API {declared}, and this ketcover provides {ours}: "
                           f"install a release of the plugin made for API {our_major}.x, or upgrade ketcover")


class PluginHost(Running):
    """A pluggy manager plus a record of every plugin's fate.

    ``entry_points`` is for tests and embedding; by default the host discovers
    ``importlib.metadata.entry_points(group="ketcover")`` when loading. ``env``
    defaults to ``os.environ`` and is read when ``load()`` runs. ``run_log``
    (optional; see ``store.plugin_log``) remembers run failures between
    sessions: ``read() -> list[dict]`` and ``add(dict)``.
    """

    def __init__(self, entry_points: Iterable[EntryPoint] | None = None,
                 env: Mapping[str, str] | None = None, run_log=None,
                 limits: Mapping[str, float] | None = None) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self._given_entry_points = list(entry_points) if entry_points is not None else None
        self._env = env
        self.run_log = run_log
        self.limits = {**LIMITS, **(limits or {})}
        self._records: list[PluginRecord] = []
        self._loaded = False
        self.strict = False
        self._collected: dict[str, list] = {}  # hook name -> what working plugins registered

    # -- loading -----------------------------------------------------------

    def limit(self, kind: str, wanted: float | None = None) -> float:
        """Seconds to wait for one call of ``kind`` (``wanted`` overrides), capped by KETCOVER_PLUGIN_TIMEOUT."""
        seconds = wanted if wanted is not None else self.limits[kind]
        cap = self._env_value(ENV_PLUGIN_TIMEOUT)
        try:
            return min(seconds, float(cap)) if cap else seconds
        except ValueError:
            return seconds

    def _env_value(self, name: str) -> str | None:
        return (os.environ if self._env is None else self._env).get(name)

    def load(self) -> "PluginHost":
        """Discover, import and register plugins (once; later calls do nothing)."""
        if self._loaded:
            return self
        self._loaded = True
        self.strict = _truthy(self._env_value(ENV_STRICT_PLUGINS))
        wanted = self._env_value(ENV_LOAD_PLUGINS)
        allowed = None if wanted is None else {n.strip() for n in wanted.split(",") if n.strip()}

        eps = self._given_entry_points
        if eps is None:
            eps = list(entry_points(group=ENTRY_POINT_GROUP))

        def order(ep: EntryPoint) -> tuple:
            dist = dist_info(ep)[0]
            return (dist != OWN_DISTRIBUTION, dist.lower(), ep.name)

        for ep in sorted(eps, key=order):
            distribution, version = dist_info(ep)
            record = PluginRecord(name=ep.name, distribution=distribution, version=version, module=ep.value)
            self._records.append(record)
            if allowed is not None and ep.name not in allowed:
                record.status = DISABLED  # never imported
                continue
            try:
                plugin = PluginJob(ep.load, limit=self.limit("import"), what=f"importing {ep.name!r}").run()
                check_api(plugin)
                self.pm.register(plugin, name=ep.name)
                callers = self.pm.get_hookcallers(plugin) or []
                record.hooks = sorted(caller.name for caller in callers)
                unknown = [c.name for c in callers if c.spec is None]
                if unknown and self.strict:
                    # Usually a typo in a hook name: harmless at run time, fatal for authors.
                    raise pluggy.PluginValidationError(
                        plugin, f"unknown hook(s) {', '.join(sorted(unknown))} in plugin {ep.name!r}")
                record.loaded = True
            except Exception as exc:
                self._fail(record, exc)
        self._remember_run_failures()
        return self

    def _fail(self, record: PluginRecord, exc: BaseException, hook: str = "", dropped: int = 0) -> None:
        """Record a load failure (no ``hook``) or a failed hook; strict mode re-raises."""
        record.status = FAILED
        if hook:
            record.problems.append(Problem(hook, describe(exc), dropped))
        record.error = record.error or describe(exc)
        if self.strict:
            raise exc

    def _record_for(self, name: str) -> PluginRecord:
        for record in self._records:
            if record.name == name and record.status != DISABLED:
                return record
        record = PluginRecord(name=name, loaded=True)  # registered directly on self.pm, not via an entry point
        self._records.append(record)
        return record

    def record_run_failure(self, plugin_name: str, what: str, exc: BaseException) -> PluginRecord:
        """Remember that ``what`` of a plugin failed while running (and in the run log, if there is one)."""
        record = self._record_for(plugin_name)
        failure = RunFailure(when=clock.now_iso(), what=what, error=first_line(describe(exc)),
                             version=record.version)
        record.run_failures.append(failure)
        if self.run_log is not None:
            try:
                self.run_log.add({"plugin": record.name, "distribution": record.distribution,
                                  "version": record.version, "when": failure.when, "what": failure.what,
                                  "error": failure.error})
            except Exception:  # a log that cannot be written never stops the app
                pass
        if self.strict and not isinstance(exc, CallTimedOut):  # a timeout has no traceback worth re-raising
            raise exc
        return record

    def _remember_run_failures(self) -> None:
        if self.run_log is None:
            return
        try:
            entries = list(self.run_log.read())
        except Exception:
            return
        by_name = {r.name: r for r in self._records if r.status != DISABLED}
        for entry in entries:
            record = by_name.get(str(entry.get("plugin", "")))
            if record is not None and str(entry.get("version", "")) == record.version:
                record.run_failures.append(RunFailure(when=str(entry.get("when", "")), what=str(entry.get("what", "")),
                                                      error=first_line(str(entry.get("error", ""))),
                                                      version=record.version))

    # -- reports -----------------------------------------------------------

    def plugins(self, include_disabled: bool = False) -> list[PluginRecord]:
        self.load()
        return [r for r in self._records if include_disabled or r.status != DISABLED]

    def failures(self) -> list[PluginRecord]:
        return [r for r in self.plugins() if r.status == FAILED]

    def failure_lines(self) -> list[str]:
        return [r.failure_line() for r in self.failures()]

    def collect_all(self) -> None:
        """Run every collecting hook, so failures inside hooks are recorded too.

        `ketcover plugins` calls this; otherwise a plugin whose hook raises
        would be listed as "ok" until the feature using that hook is opened.
        """
        self.checklists()
        self.funding_sources()
        self.call_scripts()
        self.exporters()
        self.letter_templates()

    # -- hooks -------------------------------------------------------------

    def _call_each(self, hook_name: str, accept: Callable[[object, str, list], object]) -> list:
        """Call every implementation of ``hook_name`` with its own ``register``.

        ``accept(obj, plugin_name, accepted)`` validates one registered object
        against everything accepted so far and returns what to keep (or
        raises). A plugin whose hook raises, hangs, or registers something
        invalid loses all of its contributions to this hook (and only those).
        """
        self.load()
        collected: list = []
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            if impl.hookwrapper or impl.wrapper:
                continue
            name = impl.plugin_name
            mine: list = []
            problems: list[Exception] = []
            offered = [0]

            def register(obj, _name=name, _mine=mine, _problems=problems, _offered=offered):
                _offered[0] += 1
                try:
                    _mine.append(accept(obj, _name, collected + _mine))
                except Exception as exc:
                    _problems.append(exc)  # kept even if the plugin swallows the raise
                    raise

            def call(_impl=impl, _register=register):
                _impl.function(*[{"register": _register}[arg] for arg in _impl.argnames])

            try:
                PluginJob(call, limit=self.limit("hook"), what=f"{hook_name} of {name!r}").run()
                if problems:
                    raise problems[0]
            except Exception as exc:
                self._fail(self._record_for(name), problems[0] if problems else exc, hook_name, offered[0])
                continue
            self._record_for(name).contributions[hook_name] = [getattr(item, "id", "?") for item in mine]
            collected.extend(mine)
        return collected

    def _collect(self, hook_name: str, validate: Callable[[object], object]) -> list:
        """What working plugins registered through ``hook_name``, validated, ids unique, cached.

        Each object is checked with ``validate`` (which raises for a bad one), its
        ``id`` must not repeat one registered earlier, and its ``plugin`` is set.
        """
        kind = KINDS[hook_name][0]
        if hook_name not in self._collected:
            def accept(obj, plugin_name, accepted):
                item = validate(obj)
                for other in accepted:
                    if other.id == item.id:
                        raise ValueError(f"{kind} id {item.id!r} is already registered "
                                         f"by plugin {other.plugin!r}")
                return replace(item, plugin=plugin_name)

            self._collected[hook_name] = self._call_each(hook_name, accept)
        return list(self._collected[hook_name])

    def checklists(self) -> list[Checklist]:
        """Every checklist contributed by a working plugin, in load order (cached)."""
        return self._collect("register_checklists", _validate_checklist)

    def funding_sources(self) -> list[fundlib.FundingSource]:
        """Every funding source contributed by a working plugin, in load order (cached)."""
        return self._collect("register_funding_sources", fundlib.validate_source)

    def funding_source(self, source_id: str) -> fundlib.FundingSource | None:
        return next((s for s in self.funding_sources() if s.id == source_id), None)

    def call_scripts(self) -> list:
        """Every ``CallScript`` contributed by a working plugin, in load order (cached)."""
        from ..domain.call_scripts import validate_script

        return self._collect("register_call_scripts", validate_script)

    def exporters(self) -> list:
        """Every ``Exporter`` contributed by a working plugin, in load order (cached)."""
        from ..documents.model import validate_exporter

        return self._collect("register_exporters", validate_exporter)

    def letter_templates(self) -> list:
        """Every ``LetterTemplate`` contributed by a working plugin, in load order (cached)."""
        from ..documents.letters import validate_template

        return self._collect("register_letter_templates", validate_template)


def _validate_checklist(obj: object) -> Checklist:
    if not isinstance(obj, Checklist):
        raise TypeError(f"register() expects a Checklist, got {type(obj).__name__}")
    if not obj.id:
        raise ValueError("checklist id is empty")
    seen: set[str] = set()
    for item in obj.items:
        if not isinstance(item, ChecklistItem):
            raise TypeError(f"checklist {obj.id!r}: items must be ChecklistItem, got {type(item).__name__}")
        if not item.id or item.id in seen:
            raise ValueError(f"checklist {obj.id!r}: item id {item.id!r} is empty or repeated")
        seen.add(item.id)
    return obj


__all__ = ["PluginHost", "OK", "FAILED", "DISABLED", "ENTRY_POINT_GROUP", "ENV_LOAD_PLUGINS",
           "ENV_STRICT_PLUGINS", "OWN_DISTRIBUTION"]
