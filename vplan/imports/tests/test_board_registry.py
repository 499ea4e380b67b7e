"""Board codes and status words are read through the database's registry plus the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from vplan.followups.models import Status
from vplan.imports.reading import read_bytes
from vplan.imports.registry import board_registry, boards_in
from vplan.testing.factories import make_board

from .helpers import small_report

pytestmark = pytest.mark.django_db


def _read(text: str):
    return read_bytes(path=Path("report.txt"), data=text.encode())


def test_a_code_unknown_to_the_defaults_is_reported():
    parsed = _read(small_report())
    warnings = [w.message for w in parsed.warnings if w.code == "unknown_board"]
    assert warnings == ["'Okänd nämnd gör något': unknown board code 'XYZ'"]


def test_a_board_in_the_database_is_known_in_any_spelling():
    make_board(code="XyZ", name="Exempelnämnden")
    parsed = _read(small_report().replace("\tXyZ\t", "\txyz\t"))
    assert "unknown_board" not in {w.code for w in parsed.warnings}
    assert parsed.activities[3].boards == ["XYZ"]
    assert "XYZ" in board_registry().codes


def test_boards_in_a_report_say_which_exist_and_which_are_unknown(board):
    entries = {entry.code: entry for entry in boards_in(_read(small_report()))}
    assert list(entries) == ["BIN", "BOU", "XYZ"]
    assert entries["BIN"].board == board
    assert entries["BIN"].activity_count == 3
    assert (entries["BOU"].board, entries["BOU"].is_known, entries["BOU"].display_code) == (
        None,
        True,
        "BoU",
    )
    assert (entries["XYZ"].board, entries["XYZ"].is_known) == (None, False)


def test_a_status_word_of_the_database_is_known():
    parsed = _read(small_report().replace("\tKvarstår\t", "\tVilande\t"))
    assert "unknown_status" in {w.code for w in parsed.warnings}
    Status.objects.create(name="Vilande", category="stopped")
    parsed = _read(small_report().replace("\tKvarstår\t", "\tVilande\t"))
    assert "unknown_status" not in {w.code for w in parsed.warnings}
    assert parsed.activities[3].status_category == "stopped"
