"""What the upload bounds cost: how long a bomb takes to refuse and how much memory the refusal
allocates, and how long a text report near its bound takes to read. Prints figures, asserts
nothing.

    python bench/upload_bounds.py [--pages 200 400 800]

The bombs are those of the tests (vplan/imports/tests/upload_files.py): a .docx with a gigabyte
of zeros deflated inside, a PDF whose content stream inflates to a gigabyte, JSON nested a
hundred thousand deep. The reports are bench/parse_speed.py's generated ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
os.environ.setdefault("VPLAN_DEBUG", "true")
sys.path.insert(0, str(Path(__file__).resolve().parent))
django.setup()

from parse_speed import extracted_text_report, markdown_report  # noqa: E402

from vplan import upload_limits  # noqa: E402
from vplan.imports.detect import parse_text  # noqa: E402
from vplan.imports.tests.upload_files import nested_json, pdf_bomb, word_bomb  # noqa: E402


def _refusal(label: str, check, data: bytes) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        check(data)
        outcome = "accepted"
    except upload_limits.UploadRefused as refusal:
        outcome = f"refused: {refusal}"
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"| {label} | {len(data) / 1e6:.1f} MB | {seconds:.2f} s | {peak / 1e6:.1f} MB | {outcome} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[200, 400, 800])
    args = parser.parse_args()
    print("| bomb | on disk | to refuse | peak memory (Python) | outcome |")
    print("|---|---:|---:|---:|---|")
    _refusal("docx, 1 GB of zeros inside", upload_limits.check_zip, word_bomb(1024))
    _refusal("PDF, a stream of 1 GB of zeros", upload_limits.check_pdf, pdf_bomb(1024))
    _refusal("JSON nested 100,000 deep", upload_limits.load_json, nested_json(100_000))
    print()
    print("| text report | characters | activities | to read |")
    print("|---|---:|---:|---:|")
    for pages in args.pages:
        for name, make in (("Markdown", markdown_report), ("extracted", extracted_text_report)):
            text = make(pages)
            start = time.perf_counter()
            activities = len(parse_text(text, source=f"{name}.txt").activities)
            seconds = time.perf_counter() - start
            print(f"| {name}, {pages} pages | {len(text):,} | {activities} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
