"""Boards as reference data over the API: list, add, rename, retire as merged, reactivate."""

import pytest

from vplan.audit.trail import history_of
from vplan.organisation.models import Board

from .conftest import MANAGE_REFUSALS, MANAGERS


@pytest.mark.parametrize("persona", MANAGERS)
def test_a_manager_adds_renames_merges_and_reactivates_a_board(
    persona, administration, board, other_board, api_as
):
    api = api_as(persona)
    created = api.post(
        f"/administrations/{administration.pk}/boards",
        {"display_code": "KuN", "name": "Kulturnämnden"},
    )
    assert created.status_code == 201, created.content
    new = Board.objects.get(pk=created.json()["id"])
    assert (new.code, new.display_code, new.administration) == ("KUN", "KuN", administration)

    renamed = api.patch(f"/boards/{new.pk}", {"name": "Kultur- och fritidsnämnden"})
    assert renamed.json()["name"] == "Kultur- och fritidsnämnden"
    merged = api.post(f"/boards/{new.pk}/retire", {"replaced_by": board.pk})
    assert merged.json()["is_active"] is False
    assert merged.json()["replaced_by_id"] == board.pk
    listed = api.get(f"/administrations/{administration.pk}/boards").json()["items"]
    assert {b["display_code"] for b in listed} >= {"KuN", "BiN", "BoU"}  # never deleted
    assert api.post(f"/boards/{new.pk}/reactivate").json()["is_active"] is True
    assert [r.action for r in history_of(new)] == ["changed", "changed", "changed", "created"]


@pytest.mark.parametrize("persona,status", MANAGE_REFUSALS)
def test_others_may_not_change_boards(persona, status, administration, board, api_as):
    api = api_as(persona)
    response = api.post(
        f"/administrations/{administration.pk}/boards", {"display_code": "X", "name": "X"}
    )
    assert response.status_code == status
    assert api.patch(f"/boards/{board.pk}", {"name": "Nytt"}).status_code == status
    board.refresh_from_db()
    assert board.name == "Bildningsnämnden"


def test_a_board_is_merged_only_into_one_of_the_same_administration(controller, board, api_as, db):
    from vplan.testing.factories import make_administration, make_board

    elsewhere = make_board(code="ON", name="Annan nämnd", administration=make_administration())
    response = api_as("controller").post(
        f"/boards/{board.pk}/retire", {"replaced_by": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "replaced_by" in response.json()["errors"]
