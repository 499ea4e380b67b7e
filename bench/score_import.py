"""Score the importer against the hand-checked ground truth; prints a Markdown table.

    python bench/score_import.py                      # every seed document with ground truth
    python bench/score_import.py --details            # ... and every disagreement
    python bench/score_import.py PARSED.json TRUTH.json   # a saved `vplan import --dry-run --json`

The matching and scoring live in vplan/imports/scoring.py, shared with the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import django

# The parsers' messages go through Django's translations.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
django.setup()

from vplan.imports.detect import parse_document  # noqa: E402
from vplan.imports.scoring import (  # noqa: E402
    DocumentScore,
    default_shared_dir,
    markdown_table,
    score_document,
)
from vplan.imports.tests.helpers import SEED_CASES  # noqa: E402 (the shared documents' paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parsed", nargs="?", help="a parsed document as JSON")
    parser.add_argument("truth", nargs="?", help="its ground-truth JSON")
    parser.add_argument("--shared", type=Path, default=default_shared_dir())
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    if args.parsed:
        if not args.truth:
            parser.error("give both PARSED and TRUTH, or neither")
        predicted = json.loads(Path(args.parsed).read_text(encoding="utf-8"))
        truth = json.loads(Path(args.truth).read_text(encoding="utf-8"))
        scores = [score_document(predicted, truth, name=Path(args.parsed).name)]
    else:
        scores = score_seeds(args.shared)
    print(markdown_table(scores))
    if args.details:
        for score in scores:
            print_details(score)
    return 0


def score_seeds(shared: Path) -> list[DocumentScore]:
    scores = []
    for document_name, truth_name in SEED_CASES:
        document = shared / "seeds" / document_name
        truth_path = shared / "groundtruth" / truth_name
        if not document.exists() or not truth_path.exists():
            print(f"skipped {document_name}: not found under {shared}", file=sys.stderr)
            continue
        predicted = parse_document(document).to_schema_dict()
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        scores.append(score_document(predicted, truth, name=document_name))
    return scores


def print_details(score: DocumentScore) -> None:
    print(f"\n## {score.name}")
    for text in score.missed:
        print(f"- missed: {text[:100]}")
    for text in score.spurious:
        print(f"- spurious: {text[:100]}")
    for item in score.disagreements:
        print(
            f"- {item['field']} #{item['truth_index']} '{(item['text'] or '')[:50]}': "
            f"got {item['predicted']!r}, truth {item['truth']!r}"
        )


if __name__ == "__main__":
    sys.exit(main())
