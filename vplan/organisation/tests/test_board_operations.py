"""Boards are reference data: created, renamed, reordered, retired (merged into another) and
reactivated through organisation/boards.py, never deleted, every change in the trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.organisation.boards import (
    boards_like,
    create_board,
    merge_boards,
    reactivate_board,
    retire_board,
    update_board,
    usual_board_name,
)
from vplan.organisation.models import Board
from vplan.testing.factories import make_activity, make_administration, make_board

pytestmark = pytest.mark.django_db


def test_create_board_takes_the_code_from_the_display_code_and_records_it(
    administration, controller
):
    board = create_board(
        administration=administration,
        display_code="KoF",
        name="Kultur- och fritidsnämnden",
        by=controller,
    )
    assert (board.code, board.display_code, board.order) == ("KOF", "KoF", 0)
    assert history_of(board).get().action == ChangeRecord.Action.CREATED
    second = create_board(administration=administration, display_code="SoN", name="Soc", by=None)
    assert second.order == 1


def test_a_code_in_use_in_any_spelling_is_refused(administration, board):
    with pytest.raises(ValidationError) as caught:
        create_board(administration=administration, display_code="bin", name="Dubblett", by=None)
    assert "code" in caught.value.message_dict


def test_update_board_renames_respells_and_reorders_with_the_old_values_kept(board, controller):
    changes = update_board(
        board=board, by=controller, name="Utbildningsnämnden", display_code="BIN", order=5
    )
    assert changes == {
        "name": ("Bildningsnämnden", "Utbildningsnämnden"),
        "display_code": ("BiN", "BIN"),
        "order": (0, 5),
    }
    record = history_of(board).get()
    assert record.changes["name"] == ["Bildningsnämnden", "Utbildningsnämnden"]
    assert record.changed_by == controller


def test_merging_retires_the_board_and_keeps_its_history(board, other_board, plan, controller):
    activity = make_activity(plan=plan, boards=[board])
    merge_boards(board=board, into=other_board, by=controller)
    board.refresh_from_db()
    assert (board.is_active, board.replaced_by, board.current_board) == (
        False,
        other_board,
        other_board,
    )
    assert list(activity.boards.all()) == [board]  # history keeps its board
    assert list(Board.objects.active()) == [other_board]
    reactivate_board(board=board, by=controller)
    board.refresh_from_db()
    assert (board.is_active, board.replaced_by) == (True, None)
    assert [r.action for r in history_of(board)] == ["changed", "changed"]


def test_a_board_is_replaced_only_by_another_of_its_administration(board):
    elsewhere = make_board(code="ELS", administration=make_administration())
    with pytest.raises(ValidationError):
        retire_board(board=board, by=None, replaced_by=elsewhere)
    with pytest.raises(ValidationError):
        retire_board(board=board, by=None, replaced_by=board)
    board.refresh_from_db()
    assert board.is_active


def test_boards_may_not_replace_each_other_in_a_circle(board, other_board):
    retire_board(board=board, by=None, replaced_by=other_board)
    with pytest.raises(ValidationError):
        retire_board(board=other_board, by=None, replaced_by=board)


def test_similar_codes_are_suggested_closest_first(board, other_board):
    boards = [board, other_board]
    assert boards_like("BN", boards) == [board]
    assert boards_like("BOUN", boards) == [other_board]
    assert boards_like("bou", boards) == [other_board]
    assert boards_like("KS", boards) == []


def test_the_usual_codes_have_their_names():
    assert usual_board_name("BiN") == "Bildningsnämnden"
    assert usual_board_name("bou") == "Barn- och ungdomsnämnden"
    assert usual_board_name("XYZ") == ""
