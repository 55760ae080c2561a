"""SBC extraction: ketcover's whole reading of an SBC PDF vs pypdf's plain extract_text() of the same file.

Goal: the median time of ``read_source`` + ``read_sbc`` (pypdf's text of each
page, the lines and their positions, the template's questions, the cost rows,
the exclusions) <= 2x the median of opening the same bytes with pypdf and
calling ``extract_text()`` on every page. The SBC is made once with reportlab
in the federal template's layout (``tests/intake_pdfs.py``; needs the ``test``
extra), 4 pages, and again with the cost table repeated (``--pages-of-events``)
for a longer one. Both sides run in this one process, alternating which goes
first; pypdf is imported before timing. Medians over --runs runs, p10/p90 spread.

Run: python3 benchmarks/sbc_extract.py [--runs N] [--pages-of-events N] [--json FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import REPO, describe, median, verdict  # noqa: E402

GOAL = 2.0


def plain_pypdf(data: bytes) -> int:
    from pypdf import PdfReader

    return sum(len(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def ketcover_sbc(data: bytes) -> int:
    from ketcover_tui.intake.sbc import read_sbc
    from ketcover_tui.intake.source_text import read_source

    reading = read_sbc(read_source(data, "sbc.pdf"))
    return len(reading.facts) + len(reading.rows) + len(reading.exclusions)


def measure(data: bytes, runs: int) -> tuple[list[float], list[float]]:
    ket, bare = [], []
    ketcover_sbc(data), plain_pypdf(data)  # warm-up
    for n in range(runs):
        for kind in (("ketcover", "pypdf") if n % 2 == 0 else ("pypdf", "ketcover")):
            t0 = time.perf_counter()
            if kind == "ketcover":
                ketcover_sbc(data)
                ket.append(time.perf_counter() - t0)
            else:
                plain_pypdf(data)
                bare.append(time.perf_counter() - t0)
    return ket, bare


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=31, help="timed runs of each (default 31)")
    parser.add_argument("--pages-of-events", type=int, default=6, help="cost tables in the long SBC (default 6)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "tests"))
    import pypdf  # noqa: F401  (import cost excluded from both sides)
    from intake_pdfs import sbc_pdf

    metrics, worst = [], 0.0
    for label, pages in (("4-page SBC", 1), (f"long SBC ({args.pages_of_events} cost tables)", args.pages_of_events)):
        data = sbc_pdf(pages_of_events=pages)
        found = ketcover_sbc(data)
        ket, bare = measure(data, args.runs)
        ratio = median(ket) / median(bare)
        worst = max(worst, ratio)
        print(f"{label}: {len(data) / 1024:.0f} KiB, {found} facts, rows and exclusions found")
        print(f"  ketcover read_sbc: {describe(ket)}")
        print(f"  pypdf extract_text: {describe(bare)}")
        print(f"  ratio {ratio:.2f}x")
        metrics.append({"goal": f"{label}: SBC extraction vs pypdf extract_text() <= {GOAL}x",
                        "shown": f"{ratio:.2f}x ({median(ket) * 1000:.1f} vs {median(bare) * 1000:.1f} ms)",
                        "value": ratio, "pass": ratio <= GOAL})
    print(f"RESULT sbc_extract: worst {worst:.2f}x (goal <= {GOAL}x) {verdict(worst, GOAL)}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "sbc_extract", "metrics": metrics}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
