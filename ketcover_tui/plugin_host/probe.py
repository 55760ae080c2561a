"""Check one plugin in a fresh Python: what it imports (Textual must not be among it) and ``exercise``.

Only a fresh interpreter can tell what a plugin imports: in the app or a test
run, Textual and much else are loaded already. ``probe(...)`` starts
``python -m ketcover_tui.plugin_host.probe`` with the request as JSON on stdin;
the child loads just that plugin, runs every hook and exercises what it
contributes, and prints a JSON report: findings, contributions, the top-level
modules it brought in (on load, and while running) and who imported Textual.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field

FORBIDDEN = ("textual",)  # the guide's rule: a plugin never imports Textual
OURS = ("ketcover_tui",)
PROBE_TIMEOUT = 180.0  # seconds for one plugin's whole check (imports, hooks, every run)


@dataclass
class ProbeReport:
    name: str
    module: str
    distribution: str = "?"
    version: str = "?"
    findings: list[dict] = field(default_factory=list)  # Finding.to_dict()
    contributions: dict[str, list[str]] = field(default_factory=dict)
    imported_on_load: list[str] = field(default_factory=list)
    imported_when_running: list[str] = field(default_factory=list)
    forbidden: dict[str, str] = field(default_factory=dict)  # module -> "file:line" that imported it first
    seconds: float = 0.0
    error: str = ""  # the check itself could not run

    @property
    def failed(self) -> bool:
        return bool(self.error or self.forbidden or any(f["level"] == "fail" for f in self.findings))

    def to_dict(self) -> dict:
        return asdict(self)


def probe(name: str, module: str, *, sys_path: list[str] | None = None, env: dict | None = None,
          timeout: float = PROBE_TIMEOUT) -> ProbeReport:
    """Check entry point ``name = module`` in a fresh interpreter (this one's executable and path)."""
    from ..domain import clock

    request = {"name": name, "module": module, "sys_path": sys_path if sys_path is not None else sys.path,
               "today": clock.today().isoformat()}
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "ketcover_tui.plugin_host.probe"], input=json.dumps(request),
                              capture_output=True, text=True, timeout=timeout, env=env or dict(os.environ))
    except subprocess.TimeoutExpired:
        return ProbeReport(name, module, error=f"the check did not finish within {timeout:g} s", seconds=timeout)
    try:
        return ProbeReport(**json.loads(done.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError, TypeError):
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return ProbeReport(name, module, error=f"the check crashed (exit {done.returncode}): {tail}",
                           seconds=time.monotonic() - started)


def check_installed(env: dict | None = None, workers: int = 4) -> list[ProbeReport]:
    """Probe every enabled installed plugin (a fresh Python each, several at once), then check id clashes.

    Which plugins: those ``KETCOVER_LOAD_PLUGINS`` enables, in load order. Nothing
    is imported in this process.
    """
    from concurrent.futures import ThreadPoolExecutor
    from importlib.metadata import entry_points

    from .host import ENTRY_POINT_GROUP, ENV_LOAD_PLUGINS, OWN_DISTRIBUTION, dist_info

    env = dict(os.environ if env is None else env)
    wanted = env.get(ENV_LOAD_PLUGINS)
    allowed = None if wanted is None else {n.strip() for n in wanted.split(",") if n.strip()}
    eps = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if allowed is None or ep.name in allowed]
    eps.sort(key=lambda ep: (dist_info(ep)[0] != OWN_DISTRIBUTION, dist_info(ep)[0].lower(), ep.name))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reports = list(pool.map(lambda ep: probe(ep.name, ep.value, env=env), eps))
    for report, ep in zip(reports, eps):
        report.distribution, report.version = dist_info(ep)
    add_clashes(reports)
    return reports


def add_clashes(reports: list[ProbeReport]) -> None:
    """An id two plugins both contribute: only the first (in load order) keeps it; the later ones fail."""
    from .records import KINDS

    first: dict[tuple[str, str], ProbeReport] = {}
    for report in reports:
        for hook, ids in report.contributions.items():
            for item_id in ids:
                owner = first.setdefault((hook, item_id), report)
                if owner is not report:
                    kind, plural = KINDS.get(hook, (hook, hook))
                    report.findings.append({"level": "fail", "what": f"{kind} {item_id!r}", "message": (
                        f"plugin {owner.name!r} ({owner.distribution} {owner.version}) registers this id too and "
                        f"loads first, so all your {plural} are dropped when both are installed: choose another id")})


class _FirstImporter:
    """A meta-path finder that only watches: the file and line that first imported a forbidden module."""

    def __init__(self, names: tuple[str, ...]):
        self.names, self.seen = names, {}

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self.names and fullname not in self.seen:
            frame = sys._getframe(1)
            while frame is not None and (frame.f_code.co_filename.startswith("<frozen")
                                         or "importlib" in frame.f_code.co_filename):
                frame = frame.f_back
            self.seen[fullname] = f"{frame.f_code.co_filename}:{frame.f_lineno}" if frame else "?"
        return None


def _top_level(names: set[str], skip: set[str]) -> list[str]:
    stdlib = set(getattr(sys, "stdlib_module_names", ()))
    tops = {n.split(".")[0] for n in names}
    return sorted(t for t in tops if t not in stdlib and t not in skip and not t.startswith("_")
                  and getattr(sys.modules.get(t), "__spec__", None) is not None)  # not cython_runtime and such


def main() -> None:
    request = json.loads(sys.stdin.read())
    sys.path[:] = request["sys_path"]
    from importlib.metadata import EntryPoint, entry_points

    from ..domain import clock
    from .checks import exercise
    from .host import ENTRY_POINT_GROUP, PluginHost, dist_info
    from .jobs import ENV_PLUGIN_TIMEOUT

    clock.fix_today(clock.parse_day(request["today"]))
    name, module = request["name"], request["module"]
    installed = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name and ep.value == module]
    entry = installed[0] if installed else EntryPoint(name=name, value=module, group=ENTRY_POINT_GROUP)
    distribution, version = dist_info(entry)
    report = ProbeReport(name, module, distribution, version)
    watcher = _FirstImporter(FORBIDDEN)
    sys.meta_path.insert(0, watcher)
    before = set(sys.modules)
    started = time.monotonic()
    skip = set(OURS) | {module.split(".")[0].split(":")[0]}
    env = {k: v for k, v in os.environ.items() if k == ENV_PLUGIN_TIMEOUT}
    try:
        host = PluginHost(entry_points=[entry], env=env).load()
        host.collect_all()
        loaded = set(sys.modules)
        report.findings = [f.to_dict() for f in exercise(host, name)]
        record = host.plugins()[0]
        report.contributions = record.contributions
        report.imported_on_load = _top_level(loaded - before, skip)
        report.imported_when_running = _top_level(set(sys.modules) - loaded, skip)
    except Exception as exc:  # the checker must report, never crash
        from .records import describe

        report.error = f"the check failed: {describe(exc)}"
    report.forbidden = dict(watcher.seen)
    report.seconds = round(time.monotonic() - started, 3)
    print(json.dumps(report.to_dict()))
    sys.stdout.flush()
    os._exit(0)  # abandoned plugin threads must not keep the check alive


if __name__ == "__main__":
    main()
