"""The appeal packet PDF: ketcover's whole packet path vs a bare fpdf2 script writing the same text.

Goal: the median time of ketcover's packet (letters drafted from the case, the
packet Document built, rendered by the PDF exporter plugin: contents, stamps and
"Page X of Y" on every page, tables, the score chart, keep-together layout,
font subsetting, output bytes) <= 1.5x the median of a bare fpdf2 script that
writes the same text (every line of the packet's plain-text rendering) with the
same embedded fonts (DejaVu Sans + Droid Sans Fallback) with multi_cell().

The case: a demo case with 20 sessions, 30 calls and 10 money documents (and
the scores and prior treatments the demo gives it). Both sides run in this one
process, alternating which goes first, after fpdf2 is imported (the import
itself is not timed). Medians over --runs runs, with p10/p90 as the spread.

Run: python3 benchmarks/packet_pdf.py [--runs N] [--json FILE]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import describe, median, verdict  # noqa: E402

GOAL = 1.5


def make_case():
    """A demo case filled to 20 sessions, 30 calls and 10 money documents (cloned demo records, new ids)."""
    from ketcover_tui.demo import demo_cases

    cases = demo_cases(40, 1)
    case = next(c for c in cases if c.appeals.denials and c.journal.sessions and c.calls)
    sessions = [s for c in cases for s in c.journal.sessions]
    calls = [call for c in cases for call in c.calls]
    money = [e for c in cases for e in c.money.entries]
    first = case.journal.sessions[0].on
    case.journal.sessions = []
    for n in range(20):
        s = copy.deepcopy(sessions[n % len(sessions)])
        s.id, s.on = f"s{n:07d}", first + timedelta(days=3 * n)
        case.journal.sessions.append(s)
    start = case.calls[0].started
    case.calls = []
    for n in range(30):
        call = copy.deepcopy(calls[n % len(calls)])
        call.id, call.started_at = f"{n:08x}", (start + timedelta(hours=29 * n)).isoformat()
        case.calls.append(call)
    case.money.entries = []
    for n in range(10):
        entry = copy.deepcopy(money[n % len(money)])
        entry.id, entry.date_of_service = f"m{n:07d}", first + timedelta(days=3 * n)
        case.money.entries.append(entry)
    return case


def ketcover_packet(case, host) -> bytes:
    from ketcover_exporters.pdf import render_pdf
    from ketcover_tui.documents.letters import LetterContext, find_template, pick_record
    from ketcover_tui.documents.packet import PacketLetter, packet_document

    letters, record = [], None
    for template_id in ("internal-appeal", "lmn"):
        template = find_template(host.letter_templates(), template_id)
        chosen = pick_record(case, template)
        record = record or chosen
        draft = host.build_letter(template, LetterContext(case, chosen))
        letters.append(PacketLetter(template.id, draft.title, draft.text))
    packet = packet_document(case, letters, [], record=record, cover="fax")
    return render_pdf(packet.document)


def packet_lines(case, host) -> list[str]:
    """The same text as lines, prepared outside the timed bare run."""
    from ketcover_tui.documents.letters import LetterContext, find_template, pick_record
    from ketcover_tui.documents.packet import PacketLetter, packet_document
    from ketcover_tui.documents.plain_text import document_text

    letters = []
    for template_id in ("internal-appeal", "lmn"):
        template = find_template(host.letter_templates(), template_id)
        draft = host.build_letter(template, LetterContext(case, pick_record(case, template)))
        letters.append(PacketLetter(template.id, draft.title, draft.text))
    document = packet_document(case, letters, [], cover="fax").document
    return [line.replace("\t", "  ") for line in document_text(document).splitlines()]


def bare_packet(lines: list[str]) -> bytes:
    """What a developer would write by hand with fpdf2: fonts, then every line as it comes."""
    from fpdf import FPDF

    from ketcover_tui.documents.fonts import FONTS

    pdf = FPDF(format="letter")
    pdf.add_font("DejaVu", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.add_font("Droid", "", FONTS / "DroidSansFallbackFull.ttf")
    pdf.set_fallback_fonts(["Droid"], exact_match=False)
    pdf.add_page()
    pdf.set_font("DejaVu", "", 9)
    for line in lines:
        pdf.multi_cell(0, 4.6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (default 9)")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    import fpdf  # noqa: F401  (import cost excluded from both sides)
    from ketcover_tui.plugin_host import PluginHost

    host = PluginHost(env={"KETCOVER_LOAD_PLUGINS": "exporters,letters"}).load()
    case = make_case()
    lines = packet_lines(case, host)
    print(f"packet_pdf: a case with {len(case.journal.sessions)} sessions, {len(case.calls)} calls, "
          f"{len(case.money.entries)} money documents; ketcover packet vs bare fpdf2 script, {args.runs} runs each, "
          "alternating, one process", flush=True)
    size_k = len(ketcover_packet(case, host)) / 1024  # warm-up (and font files into the page cache)
    size_b = len(bare_packet(lines)) / 1024
    ket: list[float] = []
    bare: list[float] = []
    for n in range(args.runs):
        for kind in (("ketcover", "bare") if n % 2 == 0 else ("bare", "ketcover")):
            t0 = time.perf_counter()
            if kind == "ketcover":
                ketcover_packet(case, host)
                ket.append(time.perf_counter() - t0)
            else:
                bare_packet(lines)
                bare.append(time.perf_counter() - t0)
        print(f"  run {n + 1}/{args.runs}: ketcover {ket[-1] * 1000:6.0f} ms, bare {bare[-1] * 1000:6.0f} ms",
              flush=True)
    ratio = median(ket) / median(bare)
    print()
    print(f"ketcover packet: {describe(ket)}  ({size_k:.0f} KiB)")
    print(f"bare fpdf2:      {describe(bare)}  ({size_b:.0f} KiB, {len(lines)} lines)")
    print(f"RESULT packet_pdf: {median(ket) * 1000:.0f} ms vs {median(bare) * 1000:.0f} ms = {ratio:.2f}x "
          f"(goal <= {GOAL}x) {verdict(ratio, GOAL)}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"name": "packet_pdf", "metrics": [{
                "goal": f"appeal packet PDF (20 sessions, 30 calls, 10 money docs) vs bare fpdf2 <= {GOAL}x",
                "shown": f"{ratio:.2f}x ({median(ket) * 1000:.0f} vs {median(bare) * 1000:.0f} ms)",
                "value": ratio, "pass": ratio <= GOAL}]}, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
