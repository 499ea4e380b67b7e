"""Issue 14, case 11: an import reads board codes as the boards of Vplan (BiN, BIN and Bin are one
board), suggests a board for a near miss, and creates a board only when the user chooses to, with
a proper name: on the preview page, with `vplan import --map-board / --create-board(s)`, and in
the API (which takes no choices yet, so it refuses a code Vplan lacks)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from vplan.audit.models import ChangeRecord
from vplan.imports.models import DocumentImport, PendingImport
from vplan.imports.reading import read_bytes
from vplan.imports.registry import BoardChoices, boards_in
from vplan.organisation.models import Board
from vplan.plans.models import Activity
from vplan.testing.factories import make_board

from .helpers import seed_path, small_report, write_report

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_2023_seed_creates_its_boards_under_their_names_when_asked(administration):
    output = _run(
        str(seed_path("001_59efdfd005a14293.txt")), "--administration", "TF", "--create-boards"
    )
    assert "3 boards created" in output
    boards = {board.display_code: board.name for board in Board.objects.all()}
    assert boards == {
        "AN": "Arbetsmarknadsnämnden",
        "BiN": "Bildningsnämnden",
        "BoU": "Barn- och ungdomsnämnden",
    }
    assert set(Board.objects.values_list("administration", flat=True)) == {administration.pk}
    assert ChangeRecord.objects.filter(content_type__model="board", action="created").count() == 3


def test_the_command_creates_no_board_unasked_and_names_the_codes(administration, tmp_path: Path):
    with pytest.raises(CommandError) as caught:
        _run(str(write_report(tmp_path)), "--administration", "TF")
    message = str(caught.value)
    assert "the board code XYZ is not a board of Vplan" in message
    assert "--create-boards creates it as Bildningsnämnden" in message
    assert not Board.objects.exists()
    assert not Activity.objects.exists()


def test_the_command_maps_a_code_to_an_existing_board(administration, board, other_board, tmp_path):
    output = _run(str(write_report(tmp_path)), "--administration", "TF", "--map-board", "XYZ=bin")
    assert "0 boards created" in output
    assert Board.objects.count() == 2
    assert list(Activity.objects.get(text="Okänd nämnd gör något").boards.all()) == [board]


def test_a_near_miss_is_suggested_by_the_command_and_the_preview(administration, board, tmp_path):
    text = small_report().replace("\tXyZ\t", "\tBN\t")
    parsed = read_bytes(path="report.txt", data=text.encode())
    entries = {entry.code: entry for entry in boards_in(parsed, administration=administration)}
    assert entries["BIN"].board == board  # BiN, BIN and Bin: the same board, no choice
    assert list(entries["BN"].suggestions) == [board]
    assert entries["BN"].to_json()["suggestions"] == [
        {"id": board.pk, "display_code": "BiN", "name": "Bildningsnämnden"}
    ]
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        _run(str(path), "--administration", "TF", "--create-boards")
    assert "did you mean BiN, Bildningsnämnden? --map-board BN=BiN" in str(caught.value)


def test_choices_map_or_create(administration, board):
    parsed = read_bytes(path="report.txt", data=small_report().encode())
    choices = BoardChoices(map_to={"XYZ": board.pk}, create={"BOU": "Barn- och ungdomsnämnden"})
    entries = {e.code: e for e in boards_in(parsed, administration=administration, choices=choices)}
    assert (entries["XYZ"].board, entries["XYZ"].mapped) == (board, True)
    assert entries["BOU"].create_name == "Barn- och ungdomsnämnden"
    assert all(entry.is_resolved for entry in entries.values())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pending(client, administration) -> PendingImport:
    file = SimpleUploadedFile("rapport.txt", small_report().encode(), content_type="text/plain")
    client.post("/import/", {"administration": administration.pk, "file": file})
    return PendingImport.objects.get()


def test_the_preview_asks_what_each_unknown_code_is_and_suggests_a_board(
    controller, administration, other_board
):
    client = _client(controller)
    pending = _pending(client, administration)
    page = client.get(f"/import/{pending.pk}/").content.decode()
    assert "Nämndkoder som Vplan inte känner till" in page
    assert '<label class="ds-label" for="id_board_XYZ">Koden XYZ i rapporten är</label>' in page
    assert 'value="Bildningsnämnden"' in page  # the usual name, offered for a new BIN


def test_confirming_without_choosing_creates_nothing_and_says_what_to_choose(
    controller, administration
):
    client = _client(controller)
    pending = _pending(client, administration)
    response = client.post(f"/import/{pending.pk}/confirm/", {"board_XYZ": "create"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Välj en nämnd för koden, eller en ny." in page
    assert "Ge den nya nämnden ett namn." in page
    assert not Board.objects.exists()
    assert not DocumentImport.objects.exists()


def test_confirming_creates_the_chosen_boards_with_their_names_and_maps_the_others(
    controller, administration, board
):
    client = _client(controller)
    pending = _pending(client, administration)
    choices = {
        "board_BOU": "create",
        "name_BOU": "Barn- och ungdomsnämnden",
        "board_XYZ": str(board.pk),
    }
    response = client.post(f"/import/{pending.pk}/confirm/", choices)
    assert response.status_code == 302
    created = Board.objects.get(code="BOU")
    assert (created.display_code, created.name, created.administration) == (
        "BoU",
        "Barn- och ungdomsnämnden",
        administration,
    )
    assert not Board.objects.filter(code="XYZ").exists()
    assert list(Activity.objects.get(text="Okänd nämnd gör något").boards.all()) == [board]


def test_the_api_refuses_codes_vplan_lacks_and_writes_nothing(controller, administration):
    client = _client(controller)
    file = SimpleUploadedFile("rapport.txt", small_report().encode(), content_type="text/plain")
    response = client.post("/api/imports", {"administration": administration.pk, "file": file})
    assert response.status_code == 400
    assert (
        "nämndkoderna BIN, BOU, XYZ är inte nämnder i Vplan" in response.json()["errors"]["file"][0]
    )
    assert not Board.objects.exists()
    assert not Activity.objects.exists()


def test_a_retired_boards_code_still_reads_as_that_board(administration, board, other_board):
    board.is_active, board.replaced_by = False, other_board
    board.save()
    make_board(code="XyZ", name="Exempelnämnden", administration=administration)
    parsed = read_bytes(path="report.txt", data=small_report().encode())
    entries = {entry.code: entry for entry in boards_in(parsed, administration=administration)}
    assert entries["BIN"].board == board  # history keeps its board
    assert all(entry.is_resolved for entry in entries.values())


def test_the_api_maps_and_creates_board_codes_as_the_caller_chooses(controller, administration):
    existing = make_board(code="BiN", name="Bildningsnämnden", administration=administration)
    client = _client(controller)

    def post(path, **choices):
        file = SimpleUploadedFile("rapport.txt", small_report().encode(), content_type="text/plain")
        return client.post(path, {"administration": administration.pk, "file": file, **choices})

    choices = {
        "map_board": ["BIN=BiN"],
        "create_board": ["XYZ=Exempelnämnden"],
        "create_boards": True,
    }
    preview = post("/api/imports/preview", **choices).json()
    assert {b["code"]: b["resolved"] for b in preview["boards"]} == {
        "BIN": True,
        "BOU": True,
        "XYZ": True,
    }
    assert Board.objects.count() == 1  # the preview writes nothing

    response = post("/api/imports", **choices)
    assert response.status_code == 201, response.content
    assert set(Board.objects.values_list("name", flat=True)) == {
        "Bildningsnämnden",
        "Exempelnämnden",
        "Barn- och ungdomsnämnden",
    }
    assert Activity.objects.filter(boards=existing).exists()


def test_the_api_names_a_wrong_board_choice(controller, administration):
    client = _client(controller)
    file = SimpleUploadedFile("rapport.txt", small_report().encode(), content_type="text/plain")
    response = client.post(
        "/api/imports", {"administration": administration.pk, "file": file, "map_board": ["BIN"]}
    )
    assert response.status_code == 400
    assert "CODE=BOARD" in response.json()["errors"]["map_board"][0]
    assert not Activity.objects.exists()
