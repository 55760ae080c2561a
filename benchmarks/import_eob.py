"""Importing EOBs as dry runs: ketcover's whole path vs the format library's own parse of the same file.

- A 2,000-claim X12 835 (one clinic payment, 21,600 segments): `ketcover import eob CASE FILE --dry-run
  --json` run in-process (checked open, pyx12 parse and validation, claims, the Money entries built
  through the form's rules on a copy of the case, dedup, denials, the JSON printed) vs pyx12's own
  parse of the same file: `X12ContextReader(...).iter_segments()` with an error handler, which walks
  and validates every segment against the 835 map.
- A 500-resource FHIR Bundle (498 CARIN BB ExplanationOfBenefit + Patient + Coverage): the same
  command vs `fhir.resources.R4B.bundle.Bundle.model_validate_json` of the same bytes.

Goal: each ratio of medians <= 1.5. Both sides run in this process, alternating which goes first,
after the libraries are imported (imports are not timed). Nothing is written: the data folder is a
temp folder with one case, and a dry run writes nothing.

Run: python3 benchmarks/import_eob.py [--runs N] [--json FILE]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the real-format sample builders the tests use

from _common import describe, median, verdict  # noqa: E402

GOAL = 1.5


def make_files(folder: Path) -> tuple[Path, Path]:
    from eob_samples import fhir_bundle, fhir_eob, fhir_patient_and_coverage, visit, x12_835

    start = date(2026, 1, 5)
    claims = [visit(n, start + timedelta(days=n % 300), denied_with="50" if n % 10 == 0 else "")
              for n in range(1, 2001)]
    remit = folder / "remit-2000.835"
    remit.write_text(x12_835(claims))
    resources = [fhir_eob(n, start + timedelta(days=n % 300)) for n in range(1, 499)] + fhir_patient_and_coverage()
    bundle = folder / "bundle-500.json"
    bundle.write_text(json.dumps(fhir_bundle(resources)))
    return remit, bundle


def pyx12_parse(path: Path) -> None:
    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    with pyx12.x12context.X12ContextReader(pyx12.params.params(), pyx12.error_handler.err_handler(),
                                           str(path)) as reader:
        for _node in reader.iter_segments():
            pass


def fhir_parse(path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate_json(path.read_bytes())


def ketcover_dry_run(case_id: str, path: Path) -> None:
    from ketcover_tui.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["import", "eob", case_id, str(path), "--dry-run", "--json"])
    if code != 0 or not json.loads(out.getvalue())["changes"]:
        raise RuntimeError(f"the dry run failed (exit {code})")


def compare(name: str, ours, theirs, runs: int) -> dict:
    mine, base = [], []
    for n in range(runs):
        pair = [(mine, ours), (base, theirs)]
        for bucket, run in (pair if n % 2 == 0 else pair[::-1]):
            t0 = time.perf_counter()
            run()
            bucket.append(time.perf_counter() - t0)
    ratio = median(mine) / median(base)
    print(f"{name}\n  ketcover dry run  {describe(mine)}\n  library parse    {describe(base)}\n"
          f"  ratio {ratio:.2f} (goal <= {GOAL}) {verdict(ratio, GOAL)}", flush=True)
    return {"name": name, "ours_ms": median(mine) * 1000, "base_ms": median(base) * 1000,
            "ratio": ratio, "goal": GOAL, "verdict": verdict(ratio, GOAL),
            "ours_all_ms": [v * 1000 for v in mine], "base_all_ms": [v * 1000 for v in base]}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each side (default 5)")
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="ketcover-bench-eob-"))
    try:
        os.environ["KETCOVER_HOME"] = str(tmp / "data")
        from ketcover_tui.domain.case import Case, Patient, Plan
        from ketcover_tui.store import CaseStore

        case = CaseStore(tmp / "data").create(Case(patient=Patient("José Müller"),
                                                   plan=Plan(member_id="W100200300")))
        remit, bundle = make_files(tmp)
        pyx12_parse(remit)  # imports and map loading happen once, untimed, on both sides
        fhir_parse(bundle)
        ketcover_dry_run(case.id, remit)
        ketcover_dry_run(case.id, bundle)
        results = [compare("2,000-claim X12 835", lambda: ketcover_dry_run(case.id, remit),
                           lambda: pyx12_parse(remit), args.runs),
                   compare("500-resource FHIR Bundle", lambda: ketcover_dry_run(case.id, bundle),
                           lambda: fhir_parse(bundle), args.runs)]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    worst = max(r["ratio"] for r in results)
    print(f"RESULT import_eob: 835 {results[0]['ratio']:.2f}x, FHIR {results[1]['ratio']:.2f}x "
          f"(goal <= {GOAL}) {verdict(worst, GOAL)}")
    if args.json:
        Path(args.json).write_text(json.dumps({"name": "import_eob", "metrics": [{
            "goal": f"{r['name']} dry-run import vs the library's own parse <= {GOAL}x",
            "shown": f"{r['ratio']:.2f}x ({r['ours_ms']:.0f} vs {r['base_ms']:.0f} ms)",
            "pass": r["ratio"] <= GOAL, "ratio": r["ratio"], "runs_ms": [r["ours_all_ms"], r["base_all_ms"]]}
            for r in results]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
