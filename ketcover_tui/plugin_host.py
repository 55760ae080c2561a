"""Load ketcover plugins from entry points, safely, and collect what they contribute.

Nothing happens at import time: plugins are discovered and imported only when
``PluginHost.load()`` (or a collecting method such as ``checklists()``) is
called. A plugin that fails to import, to register or inside a hook is
recorded as failed and skipped; every other plugin keeps working. Set
``KETCOVER_STRICT_PLUGINS=1`` to re-raise such errors instead (plugin authors,
CI). ``KETCOVER_LOAD_PLUGINS`` chooses which plugins load: unset = all, empty =
none, ``a,b`` = only those.

This module must not import Textual (the CLI and plugin tests use it).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import EntryPoint, entry_points
from typing import Callable, Iterable, Mapping

import pluggy

from . import hookspecs
from .domain.checklists import Checklist, ChecklistItem
from .domain import funding as fundlib
from .domain import funding_inputs

ENTRY_POINT_GROUP = hookspecs.PROJECT_NAME
ENV_LOAD_PLUGINS = "KETCOVER_LOAD_PLUGINS"
ENV_STRICT_PLUGINS = "KETCOVER_STRICT_PLUGINS"

OK, FAILED, DISABLED = "ok", "failed", "disabled"

# The distribution that ships the built-in plugins; its plugins are listed first.
_OWN_DISTRIBUTION = "ketcover"


@dataclass
class PluginRecord:
    """What the host knows about one entry point (no personal data in here)."""

    name: str  # entry-point name, also the pluggy plugin name
    distribution: str = "?"
    version: str = "?"
    hooks: list[str] = field(default_factory=list)
    status: str = OK  # "ok" / "failed" / "disabled"
    error: str = ""  # "ExcType: message", or "" when nothing went wrong

    @property
    def first_error_line(self) -> str:
        return self.error.splitlines()[0] if self.error else ""

    def failure_line(self) -> str:
        """One line for stderr or a notification; the full error is in `ketcover plugins`."""
        return (f"ketcover: plugin {self.name!r} ({self.distribution} {self.version}) failed: "
                f"{self.first_error_line}; run 'ketcover plugins' for details")

    def to_dict(self) -> dict:
        return asdict(self)


def _describe(exc: BaseException) -> str:
    message = str(exc)
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _dist_info(ep: EntryPoint) -> tuple[str, str]:
    """(name, version) of the distribution declaring ``ep``, read from metadata only."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "?", "?"
    try:
        return dist.name or "?", dist.version or "?"
    except Exception:  # broken METADATA must not break listing
        return "?", "?"


class PluginHost:
    """A pluggy manager plus a record of every plugin's fate.

    ``entry_points`` is for tests and embedding; by default the host discovers
    ``importlib.metadata.entry_points(group="ketcover")`` when loading. ``env``
    defaults to ``os.environ`` and is read when ``load()`` runs.
    """

    def __init__(self, entry_points: Iterable[EntryPoint] | None = None,
                 env: Mapping[str, str] | None = None) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self._given_entry_points = list(entry_points) if entry_points is not None else None
        self._env = env
        self._records: list[PluginRecord] = []
        self._loaded = False
        self.strict = False
        self._collected: dict[str, list] = {}  # hook name -> what working plugins registered

    # -- loading -----------------------------------------------------------

    def load(self) -> "PluginHost":
        """Discover, import and register plugins (once; later calls do nothing)."""
        if self._loaded:
            return self
        self._loaded = True
        env = os.environ if self._env is None else self._env
        self.strict = _truthy(env.get(ENV_STRICT_PLUGINS))
        wanted = env.get(ENV_LOAD_PLUGINS)
        allowed = None if wanted is None else {n.strip() for n in wanted.split(",") if n.strip()}

        eps = self._given_entry_points
        if eps is None:
            eps = list(entry_points(group=ENTRY_POINT_GROUP))

        def order(ep: EntryPoint) -> tuple:
            dist = _dist_info(ep)[0]
            return (dist != _OWN_DISTRIBUTION, dist.lower(), ep.name)

        for ep in sorted(eps, key=order):
            distribution, version = _dist_info(ep)
            record = PluginRecord(name=ep.name, distribution=distribution, version=version)
            self._records.append(record)
            if allowed is not None and ep.name not in allowed:
                record.status = DISABLED  # never imported
                continue
            try:
                plugin = ep.load()
                self.pm.register(plugin, name=ep.name)
                callers = self.pm.get_hookcallers(plugin) or []
                record.hooks = sorted(caller.name for caller in callers)
                unknown = [c.name for c in callers if c.spec is None]
                if unknown and self.strict:
                    # Usually a typo in a hook name: harmless at run time, fatal for authors.
                    raise pluggy.PluginValidationError(
                        plugin, f"unknown hook(s) {', '.join(sorted(unknown))} in plugin {ep.name!r}")
            except Exception as exc:
                self._fail(record, exc)
        return self

    def _fail(self, record: PluginRecord, exc: BaseException) -> None:
        record.status = FAILED
        record.error = _describe(exc)
        if self.strict:
            raise exc

    def _record_for(self, name: str) -> PluginRecord:
        for record in self._records:
            if record.name == name and record.status != DISABLED:
                return record
        record = PluginRecord(name=name)  # registered directly on self.pm, not via an entry point
        self._records.append(record)
        return record

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
        raises). A plugin whose hook raises, or which registers something
        invalid, is marked failed and loses all of its contributions to this
        hook; other plugins' contributions are kept.
        """
        self.load()
        collected: list = []
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            if impl.hookwrapper or impl.wrapper:
                continue
            name = impl.plugin_name
            mine: list = []
            problems: list[Exception] = []

            def register(obj, _name=name, _mine=mine, _problems=problems):
                try:
                    _mine.append(accept(obj, _name, collected + _mine))
                except Exception as exc:
                    _problems.append(exc)  # kept even if the plugin swallows the raise
                    raise

            try:
                impl.function(*[{"register": register}[arg] for arg in impl.argnames])
                if problems:
                    raise problems[0]
            except Exception as exc:
                self._fail(self._record_for(name), problems[0] if problems else exc)
                continue
            collected.extend(mine)
        return collected

    def _collect(self, hook_name: str, kind: str, validate: Callable[[object], object]) -> list:
        """What working plugins registered through ``hook_name``, validated, ids unique, cached.

        Each object is checked with ``validate`` (which raises for a bad one), its
        ``id`` must not repeat one registered earlier, and its ``plugin`` is set.
        """
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
        return self._collect("register_checklists", "checklist", _validate_checklist)

    # -- funding sources ------------------------------------------------------

    def funding_sources(self) -> list[fundlib.FundingSource]:
        """Every funding source contributed by a working plugin, in load order (cached)."""
        return self._collect("register_funding_sources", "funding source", fundlib.validate_source)

    def funding_source(self, source_id: str) -> fundlib.FundingSource | None:
        return next((s for s in self.funding_sources() if s.id == source_id), None)

    def funding_defaults(self, source: fundlib.FundingSource, case=None) -> dict[str, str]:
        """The form's starting text for ``source`` on ``case`` (what was typed last time wins).

        A plugin whose ``from_case`` raises is recorded as failed; its fields
        then start from their plain defaults.
        """
        try:
            return funding_inputs.initial_inputs(source, case)
        except Exception as exc:
            self._fail(self._record_for(source.plugin), exc)
            return funding_inputs.initial_inputs(source, None)

    def run_funding_source(self, source: fundlib.FundingSource, raw: Mapping[str, str],
                           context: fundlib.FundingContext) -> fundlib.FundingResult:
        """Validate ``raw`` text, run the source, check what it returns.

        Raises ``InvalidInputs`` (the user fixes the form), ``SourceUnavailable``
        (offline and the like), or ``PluginRunFailed`` (a bug in the plugin,
        which is then recorded as failed; every other source keeps working).
        """
        values = funding_inputs.parse_inputs(source, raw)
        try:
            result = source.run(values, context)
            return fundlib.validate_result(result, source)
        except (fundlib.InvalidInputs, fundlib.SourceUnavailable):
            raise
        except Exception as exc:
            record = self._record_for(source.plugin)
            self._fail(record, exc)
            raise PluginRunFailed(record, source) from exc

    # -- call scripts and exporters -------------------------------------------

    def call_scripts(self) -> list:
        """Every ``CallScript`` contributed by a working plugin, in load order (cached)."""
        from .domain.call_scripts import validate_script

        return self._collect("register_call_scripts", "call script", validate_script)

    def exporters(self) -> list:
        """Every ``Exporter`` contributed by a working plugin, in load order (cached)."""
        from .documents.model import validate_exporter

        return self._collect("register_exporters", "exporter", validate_exporter)

    def letter_templates(self) -> list:
        """Every ``LetterTemplate`` contributed by a working plugin, in load order (cached)."""
        from .documents.letters import validate_template

        return self._collect("register_letter_templates", "letter template", validate_template)

    def build_letter(self, template, context):
        """Run a template's build; a failure is recorded against its plugin and raised as ExportFailed."""
        try:
            draft = template.build(context)
            if not hasattr(draft, "text"):
                raise TypeError(f"build() returned {type(draft).__name__}, not a Draft")
            return draft
        except Exception as exc:
            record = self._record_for(template.plugin)
            self._fail(record, exc)
            raise ExportFailed(f"the letter template {template.id!r} (plugin {record.name!r}) failed: "
                               f"{record.first_error_line}") from exc

    def render_export(self, exporter, document) -> bytes:
        """Run an exporter; a failure is recorded against its plugin and raised as ExportFailed."""
        try:
            data = exporter.render(document)
            if not isinstance(data, (bytes, bytearray)):
                raise TypeError(f"render() returned {type(data).__name__}, not bytes")
            return bytes(data)
        except Exception as exc:
            record = self._record_for(exporter.plugin)
            self._fail(record, exc)
            raise ExportFailed(f"the {exporter.label} exporter (plugin {record.name!r}) failed: "
                               f"{record.first_error_line}; nothing was written") from exc


class ExportFailed(Exception):
    """An exporter plugin raised while rendering; the message is one line."""


class PluginRunFailed(Exception):
    """A plugin's code raised or returned the wrong thing while running; the message is one line."""

    def __init__(self, record: PluginRecord, source: fundlib.FundingSource):
        self.record, self.source = record, source
        super().__init__(f"the plugin {record.name!r} ({record.distribution} {record.version}) failed while "
                         f"running {source.title!r}: {record.first_error_line}. Other sources still work; "
                         "'ketcover plugins' shows the details")


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
