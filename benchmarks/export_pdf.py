"""Exporting a 1,000-entry call log to PDF: ketcover's exporter vs a bare fpdf2 script.

Goal: the median time of ketcover's whole export path (build the neutral Document
from the case, render it with the PDF exporter plugin: fonts, layout, page header
and footer, subsetting, output bytes) <= 1.5x the median of a bare fpdf2 script
that writes the same text with the same embedded fonts (DejaVu Sans + Droid Sans
Fallback, needed for names like 李雷) as plain lines.

The bare script writes each line with multi_cell(), fpdf2's call for text that
may need wrapping. Info only: a variant with one cell() per line and no wrapping
(fast, but long lines run off the page) is timed too and printed for comparison.

Both run in this one process, alternating which goes first, after fpdf2 is
imported (the import itself is not timed). The case is real demo data: one demo
case whose call log is filled to 1,000 realistic entries.

Run: python3 benchmarks/export_pdf.py [--runs N] [--entries N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import describe, median, verdict  # noqa: E402

GOAL = 1.5


def make_case(entries: int):
    """A demo case whose call log holds ``entries`` calls cloned from demo calls (new ids and dates)."""
    import copy
    from datetime import timedelta

    from ketcover_tui.demo import demo_cases

    cases = demo_cases(40, 1)
    case = next(c for c in cases if c.patient.name == "李雷")
    pool = [call for c in cases for call in c.calls]
    start = case.calls[0].started
    calls = []
    for n in range(entries):
        call = copy.deepcopy(pool[n % len(pool)])
        call.id = f"{n:08x}"
        call.started_at = (start + timedelta(hours=5 * n)).isoformat()
        if n % 7 == 0:
            call.rep_name = ["José Müller", "李雷", "Zoë Ørsted"][n % 3]
        calls.append(call)
    case.calls = calls
    return case


def ketcover_export(case) -> bytes:
    from ketcover_exporters.pdf import render_pdf
    from ketcover_tui.documents.calls import call_log_document

    return render_pdf(call_log_document(case))


def bare_lines(case) -> list[tuple[str, list[str]]]:
    """The same text, prepared outside the timed bare run: (title, ["label: value", ...]) per call."""
    from ketcover_tui.documents.calls import call_log_document

    document = call_log_document(case)
    return [(record.title, [f"{f.label}: {f.value}" for f in record.fields if f.value])
            for record in document.records()]


def bare_export(lines: list[tuple[str, list[str]]]) -> bytes:
    """What a developer would write by hand with fpdf2: fonts, then every line as it comes."""
    from fpdf import FPDF

    from ketcover_tui.documents.fonts import FONTS

    pdf = FPDF(format="letter")
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font("Droid", "", FONTS / "DroidSansFallbackFull.ttf")
    pdf.set_fallback_fonts(["Droid"], exact_match=False)
    pdf.add_page()
    for title, body in lines:
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for line in body:
            pdf.multi_cell(0, 4.6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def bare_cells_export(lines: list[tuple[str, list[str]]]) -> bytes:
    """Info only: the fastest hand-written variant, one cell() per line (long lines are not wrapped)."""
    from fpdf import FPDF

    from ketcover_tui.documents.fonts import FONTS

    pdf = FPDF(format="letter")
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font("Droid", "", FONTS / "DroidSansFallbackFull.ttf")
    pdf.set_fallback_fonts(["Droid"], exact_match=False)
    pdf.add_page()
    for title, body in lines:
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for line in body:
            for part in line.split("\n"):
                pdf.cell(0, 4.6, part, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--entries", type=int, default=1000, help="call-log entries (default 1000)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    import fpdf  # noqa: F401  (import cost excluded from both sides)

    case = make_case(args.entries)
    lines = bare_lines(case)
    print(f"export_pdf: {args.entries} calls, ketcover PDF exporter vs bare fpdf2 script, "
          f"{args.runs} runs each, alternating, one process", flush=True)
    size_k = len(ketcover_export(case)) / 1024  # warm-up (and font files into the page cache)
    size_b = len(bare_export(lines)) / 1024
    ket: list[float] = []
    bare: list[float] = []
    for n in range(args.runs):
        order = ("ketcover", "bare") if n % 2 == 0 else ("bare", "ketcover")
        for kind in order:
            t0 = time.perf_counter()
            if kind == "ketcover":
                ketcover_export(case)
                ket.append(time.perf_counter() - t0)
            else:
                bare_export(lines)
                bare.append(time.perf_counter() - t0)
        print(f"  run {n + 1}/{args.runs}: ketcover {ket[-1] * 1000:6.0f} ms, bare {bare[-1] * 1000:6.0f} ms",
              flush=True)
    ratio = median(ket) / median(bare)
    cells: list[float] = []
    for _ in range(max(1, args.runs // 2)):
        t0 = time.perf_counter()
        bare_cells_export(lines)
        cells.append(time.perf_counter() - t0)
    print()
    print(f"ketcover export: {describe(ket)}  ({size_k:.0f} KiB)")
    print(f"bare fpdf2:      {describe(bare)}  ({size_b:.0f} KiB)")
    print(f"info: bare fpdf2 with one cell() per line, no wrapping: {describe(cells)}; "
          f"ketcover = {median(ket) / median(cells):.2f}x that")
    print(f"RESULT export_pdf: {args.entries} entries {median(ket) * 1000:.0f} ms vs {median(bare) * 1000:.0f} ms "
          f"= {ratio:.2f}x (goal <= {GOAL}x) {verdict(ratio, GOAL)}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "export_pdf", "metrics": [{
                "goal": f"export {args.entries}-entry call log to PDF vs bare fpdf2 script <= {GOAL}x",
                "shown": f"{ratio:.2f}x ({median(ket) * 1000:.0f} vs {median(bare) * 1000:.0f} ms)",
                "value": ratio, "pass": ratio <= GOAL}]}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
