"""`ketcover fund`: run any funding source from the command line, and save an option to a case.

    ketcover fund --list [--json]
    ketcover fund SOURCE [--case ID] [--json] [--save N [--status S]] --FIELD VALUE ...
    ketcover fund --plan --case ID [--json]

A source's fields become options (``term_months`` -> ``--term-months``), so
``ketcover fund SOURCE --help`` lists them with their hints. Defaults come from
the case when ``--case`` is given. Bad input: one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from typing import TYPE_CHECKING

from .common import EXIT_FAILED, EXIT_OK, Parser, UsageError, json_text, open_store, print_table

if TYPE_CHECKING:
    from ..domain.funding import FundingSource

# The funding model is imported by the fund commands only: opening the app never pays for it.
METAVARS = {"text": "TEXT", "money": "DOLLARS", "percent": "PERCENT", "integer": "N", "choice": "CHOICE",
            "flag": "yes|no", "money_list": "AMOUNTS"}  # by FieldKind value


def add_commands(subparsers, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "fund", parents=[common], add_help=False,
        help="funding sources: financing, crowdfunding, clinical trials, state programs, plugins",
        description="Run a funding source (its fields become --options; 'ketcover fund SOURCE --help' lists "
                    "them), list sources, or show a case's funding plan.")
    p.add_argument("-h", "--help", action="store_true", help="show this help (or a source's fields)")
    p.add_argument("--list", action="store_true", help="list every funding source")
    p.add_argument("--plan", action="store_true", help="show the funding plan of --case")
    p.add_argument("--case", metavar="ID", help="the case to draw defaults from (ID or a unique start of it)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("source", nargs="?", metavar="SOURCE", help="a source id from --list")
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_fund, fund_parser=p)


def _host(args):
    from ..plugin_host import PluginHost
    from .common import plugin_failure_log

    return PluginHost(run_log=plugin_failure_log(args)).load()


def _report_failures(host) -> None:
    for line in host.failure_lines():
        print(line, file=sys.stderr)


def cmd_fund(args) -> int:
    if args.help and not args.source:
        args.fund_parser.print_help()
        return EXIT_OK
    host = _host(args)
    if args.list:
        return _list(host, args.json)
    if args.plan and not args.source:
        return _plan(args)
    if not args.source:
        raise UsageError("name a funding source (ketcover fund --list shows them), or use --list or --plan")
    sources = host.funding_sources()
    source = host.funding_source(args.source)
    _report_failures(host)
    if source is None:
        raise UsageError(f"no funding source {args.source!r}; 'ketcover fund --list' shows the "
                         f"{len(sources)} available")
    return _run(host, source, args)


def _list(host, as_json: bool) -> int:
    from ..domain.funding import by_category

    sources = [s for _, group in by_category(host.funding_sources()) for s in group]
    _report_failures(host)
    if as_json:
        print(json_text([{"id": s.id, "title": s.title, "category": s.category.value, "plugin": s.plugin,
                           "description": s.description,
                           "fields": [f.name for f in s.fields if not f.hidden]} for s in sources]))
    elif sources:
        print_table(("ID", "Category", "Title", "Plugin"),
                    [(s.id, s.category.label, s.title, s.plugin) for s in sources])
    else:
        print("No funding sources are loaded ('ketcover plugins' shows why).")
    return EXIT_OK


def _plan(args) -> int:
    from ..documents.funding_text import jsonable, plan_lines

    if not args.case:
        raise UsageError("--plan needs --case ID")
    store = open_store(args)
    case = store.load(store.resolve(args.case))
    if args.json:
        from ..domain.funding_plan import funding_plan_to_dict

        plan = funding_plan_to_dict(case.funding)
        plan.pop("inputs")
        plan.update(estimate=case.funding.estimate, planned=case.funding.planned, secured=case.funding.secured,
                    gap=case.funding.gap)
        print(json_text(jsonable(plan)))
    else:
        print(f"Funding plan · {case.patient.name}")
        print("\n".join(plan_lines(case.funding)))
    return EXIT_OK


def source_parser(source: FundingSource) -> Parser:
    """The options of one source, built from its fields."""
    parser = Parser(prog=f"ketcover fund {source.id}", description=f"{source.title} ({source.category.label}). "
                    f"{source.description}", formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="data folder")
    parser.add_argument("--case", metavar="ID", help="draw defaults from this case")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--save", type=int, metavar="N", help="save option N of the result to --case's plan")
    from ..domain.funding import ChoiceStatus, FieldKind

    parser.add_argument("--status", choices=[s.value for s in ChoiceStatus],
                        default=ChoiceStatus.CONSIDERING.value,
                        help="status of the saved option (default: considering)")
    fields = parser.add_argument_group("fields")
    for f in source.fields:
        parts = [f.label]
        if f.help:
            parts.append(f.help)
        if f.kind == FieldKind.CHOICE:
            parts.append("one of: " + ", ".join(value for value, _ in f.choices))
        if f.default:
            parts.append(f"default: {f.default}")
        if f.required:
            parts.append("required")
        if f.hint:
            parts.append(f.hint)
        fields.add_argument(f.flag, dest=f"field_{f.name}", metavar=METAVARS.get(f.kind.value, "VALUE"),
                            help=". ".join(parts).replace("%", "%%"))
    return parser


def _run(host, source: FundingSource, args) -> int:
    from ..documents.funding_text import result_lines, result_to_dict
    from ..plugin_host import PluginRunFailed

    parser = source_parser(source)
    if args.help:
        parser.print_help()
        return EXIT_OK
    options = parser.parse_args(args.rest)
    case_ref = options.case or args.case
    if getattr(options, "data_dir", None):
        from .common import plugin_failure_log

        args.data_dir = options.data_dir
        host.run_log = plugin_failure_log(args)  # run failures are remembered in that data folder
    if options.save is not None and not case_ref:
        raise UsageError("--save needs --case ID (the case whose plan gets the option)")
    store = case = None
    if case_ref:
        store = open_store(args)
        case = store.load(store.resolve(case_ref))
    elif source.uses_network:
        store = open_store(args)
    raw = host.funding_defaults(source, case)
    for f in source.fields:
        given = getattr(options, f"field_{f.name}")
        if given is not None:
            raw[f.name] = given
    cache = None
    if store is not None and source.uses_network:
        from ..store.funding_cache import cache_for

        cache = cache_for(store, source.id)
    from ..domain.funding import FundingContext, InvalidInputs, SourceUnavailable

    try:
        result = host.run_funding_source(source, raw, FundingContext(case=case, cache=cache))
    except InvalidInputs as exc:
        flags = {f.name: f.flag for f in source.fields}
        raise UsageError("; ".join(f"{flags.get(name, name)}: {message}" for name, message in exc.errors.items())
                         + f" (see 'ketcover fund {source.id} --help')") from None
    except SourceUnavailable as exc:
        print(f"ketcover: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except PluginRunFailed as exc:
        print(f"ketcover: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if options.save is not None:
        return _save(store, case, source, raw, result, options)
    if options.json or args.json:
        print(json_text(result_to_dict(result)))
    else:
        hint = "--case ID --save N" if case is None else "--save N"
        print("\n".join(result_lines(result, source, save_hint=hint)))
    return EXIT_OK


def _save(store, case, source, raw, result, options) -> int:
    from dataclasses import replace

    from ..domain.funding import ChoiceStatus, money
    from ..domain.funding_inputs import typed_inputs
    from ..documents.funding_text import plan_lines
    from ..store import current_user_name

    if not result.choices:
        raise UsageError(f"{source.title} offered no option to save this time; nothing was saved")
    if not 1 <= options.save <= len(result.choices):
        raise UsageError(f"--save must be from 1 to {len(result.choices)} (the options listed without --save); "
                         "nothing was saved")
    choice = replace(result.choices[options.save - 1], status=ChoiceStatus(options.status))
    user = current_user_name()
    remembered = typed_inputs(source, raw, case)
    added = []

    def change(current):
        added.append(current.funding.add(choice, by=user))
        if remembered:
            current.funding.inputs[source.id] = remembered

    saved = store.update(case.id, change)
    print(f"Saved to the funding plan of {saved.patient.name}: {choice.label}, {money(choice.amount)} "
          f"({choice.status.label.lower()}).")
    print("\n".join(plan_lines(saved.funding)))
    return EXIT_OK
