"""How fast a ~40-page follow-up report parses, per format. Prints figures, asserts nothing.

    python bench/parse_speed.py [--pages 40]

The reports are generated here (made-up words in the seeds' layouts: Markdown with tab tables,
pdftotext output with goal cells interleaved, and a Word document), about eight activity rows
to a page.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import django
import docx

# The parsers' messages go through Django's translations.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
django.setup()

from vplan.imports.detect import parse_document  # noqa: E402
from vplan.plans.perspectives import PERSPECTIVES  # noqa: E402

ROWS_PER_PAGE = 8
WORDS = (
    "utveckla följa upp genomföra stärka samverkan mellan skolor förskolor rektorer lärare "
    "elever kvalitet arbete plan rutiner uppföljning analys resultat insatser digitala verktyg "
    "kompetens ledarskap trygghet studiero närvaro likvärdighet process modell stöd"
).split()
BOARDS = ("BiN", "BoU", "BiN och BoU", "BIN, BOU")
DEADLINES = ("Mars", "Juni", "September", "December", "December*", "Q4", "Förskjuts till 2031*")
STATUSES = ("Genomfört", "Pågående", "Kvarstår", "Delvis genomfört")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _wrap(text: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def _rows(rng: random.Random, count: int):
    for index in range(count):
        yield (
            index,
            _sentence(rng, rng.randint(6, 16)),
            rng.choice(BOARDS),
            rng.choice(DEADLINES),
            rng.choice(STATUSES),
            _sentence(rng, rng.randint(3, 14)) if rng.random() < 0.6 else "",
        )


def markdown_report(pages: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = ["# Uppföljning av Exempelförvaltningens verksamhetsplan 2031", ""]
    header = "Nämndmål\tAktivitet\tNämnd\tSlutdatum\tStatus\tKommentar"
    for index, text, boards, deadline, status, comment in _rows(rng, pages * ROWS_PER_PAGE):
        if index % 40 == 0:
            lines += [f"## {PERSPECTIVES[index // 40 % 5]}", "", "Kommunövergripande mål: Mål"]
            lines += ["", header]
        goal = ""
        if index % 8 == 0:
            goal = f"<b>{_sentence(rng, 2)}</b> <i>{_sentence(rng, 10)}</i>"
        item = f'<ul style="list-style-type: none"> <li>{text}</li> </ul>'
        lines.append("\t".join([goal, item, boards, deadline, status, comment]))
    return "\n".join(lines) + "\n"


def extracted_text_report(pages: int, seed: int = 2) -> str:
    rng = random.Random(seed)
    out = [" Uppföljning av förvaltningens verksamhet och utveckling", ""]
    for index, text, boards, deadline, status, comment in _rows(rng, pages * ROWS_PER_PAGE):
        if index % 40 == 0:
            out += [PERSPECTIVES[index // 40 % 5], "Kommunövergripande mål: Mål", ""]
            out += ["Nämndmål Aktivitet Nämnd Slutdatum Status Kommentar", ""]
        if index % 8 == 3:
            out += _wrap(_sentence(rng, 2) + " " + _sentence(rng, 12), 24) + [""]
        out += _wrap(text, 40)
        out += ["", f"{boards} {deadline} {status} " + "\n".join(_wrap(comment, 44)), ""]
    return "\n".join(out) + "\n"


def word_report(pages: int, path: Path, seed: int = 3) -> None:
    rng = random.Random(seed)
    document = docx.Document()
    document.add_heading("Uppföljning av Exempelförvaltningens verksamhetsplan 2031", 0)
    table = None
    for index, text, boards, deadline, status, comment in _rows(rng, pages * ROWS_PER_PAGE):
        if index % 40 == 0:
            document.add_heading(PERSPECTIVES[index // 40 % 5], 1)
            document.add_paragraph("Kommunövergripande mål: Mål")
            table = document.add_table(rows=1, cols=6)
            titles = ["Nämndmål", "Aktivitet", "Nämnd", "Slutdatum", "Status", "Kommentar"]
            for cell, title in zip(table.rows[0].cells, titles, strict=True):
                cell.text = title
        goal = _sentence(rng, 2) if index % 8 == 0 else ""
        cells = table.add_row().cells
        for cell, value in zip(cells, [goal, text, boards, deadline, status, comment], strict=True):
            cell.text = value
    document.save(path)


def _time(path: Path, repeats: int = 3) -> tuple[float, int]:
    best = float("inf")
    activities = 0
    for _ in range(repeats):
        start = time.perf_counter()
        activities = len(parse_document(path).activities)
        best = min(best, time.perf_counter() - start)
    return best, activities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        (base / "report.md.txt").write_text(markdown_report(args.pages), encoding="utf-8")
        (base / "report.pdftotext.txt").write_text(
            extracted_text_report(args.pages), encoding="utf-8"
        )
        word_report(args.pages, base / "report.docx")
        print(f"| format ({args.pages} pages) | activities | best of 3 |")
        print("|---|---:|---:|")
        for name in ("report.md.txt", "report.pdftotext.txt", "report.docx"):
            seconds, activities = _time(base / name)
            print(f"| {name} | {activities} | {seconds:.3f} s |")


if __name__ == "__main__":
    main()
