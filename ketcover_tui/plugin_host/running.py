"""Running a plugin's code: funding sources, letter templates, exporters.

Every call is a ``PluginJob`` (a daemon thread with a time limit): the app
starts one and polls it, drawing progress and offering Cancel; the CLI and
tests call the blocking form. A call that raises, hangs past its limit or
returns the wrong type is recorded as a run failure of its plugin (name, time,
first line; in the run log too when the host has one) and reported in one
line; every other plugin keeps working. The plugin gets a copy of the case, so
nothing it does, even after it was abandoned, changes what the app holds.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Mapping

from ..domain import funding as fundlib
from ..domain import funding_inputs
from .jobs import PluginJob
from .records import PluginRecord, describe, first_line


class PluginRunFailed(Exception):
    """A plugin's code raised, hung or returned the wrong thing while running; the message is one line."""

    def __init__(self, message: str, record: PluginRecord | None = None, what: str = ""):
        super().__init__(message)
        self.record, self.what = record, what


class ExportFailed(PluginRunFailed):
    """A letter template or an exporter failed; nothing was written. The message is one line."""


class Running:
    """The part of ``PluginHost`` that runs plugins' code (mixed in; uses its records and limits)."""

    def _job(self, plugin: str, what: str, call, *, limit: float, check=None, passthrough=(),
             failed=PluginRunFailed, message) -> PluginJob:
        def on_failure(exc: BaseException) -> BaseException:
            record = self.record_run_failure(plugin, what, exc)
            error = PluginRunFailed if failed is None else failed
            wrapped = error(message(record, first_line(describe(exc))), record, what)
            wrapped.__cause__ = exc
            return wrapped

        return PluginJob(call, limit=limit, what=what, check=check, on_failure=on_failure,
                         passthrough=passthrough).start()

    # --- funding sources ------------------------------------------------------------------

    def funding_defaults(self, source: fundlib.FundingSource, case=None) -> dict[str, str]:
        """The form's starting text for ``source`` on ``case`` (what was typed last time wins).

        A ``from_case`` that raises or hangs is recorded as a run failure of its
        plugin; the fields then start from their plain defaults.
        """
        copied = copy.deepcopy(case)
        what = f"the defaults of funding source {source.id!r}"
        job = PluginJob(lambda: funding_inputs.initial_inputs(source, copied), limit=self.limit("defaults"),
                        what=what).start()
        try:
            return job.run()
        except Exception as exc:
            self.record_run_failure(source.plugin, what, exc)
            return funding_inputs.initial_inputs(source, None)

    def start_funding_source(self, source: fundlib.FundingSource, raw: Mapping[str, str],
                             context: fundlib.FundingContext) -> PluginJob[fundlib.FundingResult]:
        """Validate ``raw`` (``InvalidInputs`` at once) and start ``source.run`` off this thread.

        The job's ``result()`` is the checked ``FundingResult``, or raises
        ``InvalidInputs`` / ``SourceUnavailable`` from the source,
        ``PluginRunFailed`` (a bug, a hang past ``context.timeout``, a wrong
        return type: recorded) or ``JobCancelled``.
        """
        values = funding_inputs.parse_inputs(source, raw)
        context = replace(context, case=copy.deepcopy(context.case))

        def message(record: PluginRecord, error: str) -> str:
            return (f"the plugin {record.name!r} ({record.distribution} {record.version}) failed while running "
                    f"{source.title!r}: {error}. Other sources still work; 'ketcover plugins' shows the details")

        return self._job(source.plugin, f"funding source {source.id!r}", lambda: source.run(values, context),
                         limit=self.limit("run", context.timeout),
                         check=lambda result: fundlib.validate_result(result, source),
                         passthrough=(fundlib.InvalidInputs, fundlib.SourceUnavailable), message=message)

    def run_funding_source(self, source: fundlib.FundingSource, raw: Mapping[str, str],
                           context: fundlib.FundingContext) -> fundlib.FundingResult:
        """The blocking form of ``start_funding_source`` (the CLI, tests): at most ``context.timeout`` s."""
        return self.start_funding_source(source, raw, context).run()

    # --- letters ----------------------------------------------------------------------------

    def start_letter(self, template, context) -> PluginJob:
        """Start ``template.build`` on a copy of the case; ``result()`` is the Draft or raises ExportFailed."""
        from ..documents.letters import Draft

        case, record = copy.deepcopy((context.case, context.record))
        context = replace(context, case=case, record=record)

        def check(draft):
            if not isinstance(draft, Draft):
                raise TypeError(f"build() returned {type(draft).__name__}, not a Draft")
            if not isinstance(draft.text, str) or not isinstance(draft.title, str):
                raise TypeError("build() returned a Draft whose title or text is not text")
            return draft

        def message(record: PluginRecord, error: str) -> str:
            return f"the letter template {template.id!r} (plugin {record.name!r}) failed: {error}"

        return self._job(template.plugin, f"letter template {template.id!r}", lambda: template.build(context),
                         limit=self.limit("letter"), check=check, failed=ExportFailed, message=message)

    def build_letter(self, template, context):
        """The blocking form of ``start_letter``."""
        return self.start_letter(template, context).run()

    # --- exporters --------------------------------------------------------------------------

    def start_render(self, exporter, document) -> PluginJob[bytes]:
        """Start ``exporter.render``; ``result()`` is the bytes to write, or raises ExportFailed."""
        def check(data) -> bytes:
            if not isinstance(data, (bytes, bytearray)):
                raise TypeError(f"render() returned {type(data).__name__}, not bytes")
            return bytes(data)

        def message(record: PluginRecord, error: str) -> str:
            return f"the {exporter.label} exporter (plugin {record.name!r}) failed: {error}; nothing was written"

        return self._job(exporter.plugin, f"exporter {exporter.id!r}", lambda: exporter.render(document),
                         limit=self.limit("export"), check=check, failed=ExportFailed, message=message)

    def render_export(self, exporter, document) -> bytes:
        """The blocking form of ``start_render``."""
        return self.start_render(exporter, document).run()
