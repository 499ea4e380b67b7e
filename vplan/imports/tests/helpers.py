"""Where the shared seed documents and their ground truth are, and small reports made up here."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from vplan.imports.detect import parse_document
from vplan.imports.parsed import ParsedDocument
from vplan.imports.scoring import default_shared_dir

HEADER = "Nämndmål\tAktivitet\tNämnd\tSlutdatum\tStatus\tKommentar"

# The shared documents with a hand-checked truth: (document under seeds/, its truth under
# groundtruth/), scored by test_seed_scores.py and bench/score_import.py.
SEED_CASES = (
    ("000_3199acc774c53485.part1.txt", "000_part1.json"),
    ("001_59efdfd005a14293.txt", "001.json"),
    ("002_7245223cfc2dba96.txt", "002.json"),
    ("003_74a47e112317db58.txt", "003.json"),
    ("rendered/2023-rendered.docx", "001.json"),
    ("rendered/2023-rendered.pdf", "001.json"),
)


def shared_dir() -> Path:
    """The shared folder beside the repository; the test fails when it is absent."""
    shared = default_shared_dir()
    if not (shared / "seeds").is_dir() or not (shared / "groundtruth").is_dir():
        pytest.fail(f"shared seeds not found at {shared} (../shared beside the repository)")
    return shared


def load_truth(name: str) -> dict:
    return json.loads((shared_dir() / "groundtruth" / name).read_text(encoding="utf-8"))


def seed_path(name: str) -> Path:
    path = shared_dir() / "seeds" / name
    if not path.exists():
        pytest.fail(f"{name} not in the shared seeds at {path.parent}")
    return path


@cache
def _parsed_seed(path: Path) -> ParsedDocument:
    return parse_document(path)


def parsed_seed(name: str) -> ParsedDocument:
    """A seed parsed once per test run (a PDF takes seconds); do not change what it returns."""
    return _parsed_seed(seed_path(name))


def small_report(*, year: int = 2031, organisation: str = "Provförvaltningen") -> str:
    """A follow-up report in the Markdown-with-tab-tables form: five rows, an activity listed
    under two goals, a carried-over one, a postponed end date, an unknown board code and a row
    without a status (so warnings come out)."""
    lines = [
        f"# Uppföljning av {organisation}s verksamhetsplan {year}",
        "",
        "Uppföljningen avser läget per den 31 augusti.",
        "",
        "## Medborgare",
        "",
        "Kommunövergripande mål: Ett provmål",
        "",
        HEADER,
        "<b>Första målet</b> <i>Alla provar</i>\t<ul><li>Gemensam aktivitet</li></ul>"
        "\tBiN\tDecember*\tPågående\tGår framåt",
        f"\t<ul><li>Egen aktivitet Kvarstår från {year - 1}</li></ul>\tBoU\tJuni\tGenomfört\t",
        "<b>Andra målet</b> <i>Alla provar igen</i>\t<ul><li>Gemensam aktivitet</li></ul>"
        "\tBiN\tDecember*\tPågående\tGår framåt",
        "",
        "## Ekonomi",
        "",
        "Kommunövergripande mål: Ett annat mål",
        "",
        HEADER,
        "<b>Tredje målet</b> <i>Alla sparar</i>\t<ul><li>Okänd nämnd gör något</li></ul>"
        "\tXyZ\tQ4\tKvarstår\t",
        "\t<ul><li>Aktivitet utan status</li></ul>\tBIN\tDecember\t\t",
    ]
    return "\n".join(lines) + "\n"


def write_report(folder: Path, name: str = "report.txt", **options) -> Path:
    path = folder / name
    path.write_text(small_report(**options), encoding="utf-8")
    return path


# What a user chooses on the preview for the board codes of `small_report` in an administration
# without boards: a new board for each, with its name.
NEW_BOARDS = {
    "board_BIN": "create",
    "name_BIN": "Bildningsnämnden",
    "board_BOU": "create",
    "name_BOU": "Barn- och ungdomsnämnden",
    "board_XYZ": "create",
    "name_XYZ": "Exempelnämnden",
}
