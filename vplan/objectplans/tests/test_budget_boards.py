"""A budget line, a shared post's key and a changed line name boards of the object plan's own
administration only; a new line's change record holds the values it was created with."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.objectplans import budgeting
from vplan.objectplans.models import AllocationKey, BudgetLine
from vplan.testing.factories import make_administration, make_board


@pytest.fixture
def foreign_board(db):
    other = make_administration(name="Samhällsbyggnadsförvaltningen", short_code="SBF")
    return make_board(code="SBN", name="Samhällsbyggnadsnämnden", administration=other)


def test_a_budget_line_with_another_administrations_board_is_refused(
    object_plan, foreign_board, admin_user
):
    with pytest.raises(ValidationError) as refused:
        budgeting.add_budget_line(
            object_plan=object_plan,
            board=foreign_board,
            kind="VM",
            amount=Decimal("1000.00"),
            by=admin_user,
        )
    assert "SBN" in refused.value.message_dict["board"][0]
    assert not BudgetLine.objects.exists()


def test_an_allocation_key_with_another_administrations_board_is_refused(
    object_plan, board, foreign_board, admin_user
):
    with pytest.raises(ValidationError) as refused:
        budgeting.add_allocation_key(
            object_plan=object_plan,
            shares=[(board, 70), (foreign_board, 30)],
            by=admin_user,
        )
    assert "shares" in refused.value.message_dict
    assert not AllocationKey.objects.exists()


def test_a_line_cannot_be_moved_to_another_administrations_board(
    object_plan, board, foreign_board, admin_user
):
    line = budgeting.add_budget_line(
        object_plan=object_plan, board=board, kind="VM", amount=Decimal("5.00"), by=admin_user
    )
    with pytest.raises(ValidationError):
        budgeting.change_budget_line(line=line, board=foreign_board, by=admin_user)
    line.refresh_from_db()
    assert line.board == board


def test_through_the_api_it_is_a_400_naming_the_board_and_nothing_is_written(
    client, object_plan, foreign_board, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        f"/api/objectplans/{object_plan.pk}/budget/lines",
        json.dumps({"board": foreign_board.pk, "kind": "VM", "amount": "1000"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["board"]
    assert not BudgetLine.objects.exists()


def test_on_the_page_it_is_refused_with_the_reason_shown(
    client, object_plan, foreign_board, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        reverse("objectplans:add_line", args=[object_plan.pk]),
        {
            "board": foreign_board.pk,
            "kind": "VM",
            "amount": "1000",
            "system": "",
            "description": "",
        },
    )
    assert response.status_code == 422
    # The page offers only the administration's own boards; another one is not a valid choice.
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_the_page_offers_only_the_boards_of_the_object_plans_administration(
    client, object_plan, board, foreign_board, admin_user
):
    client.force_login(admin_user)
    page = client.get(reverse("objectplans:detail", args=[object_plan.pk])).content.decode()
    assert f'<option value="{board.pk}"' in page
    assert f'<option value="{foreign_board.pk}"' not in page


def test_a_line_of_the_own_administration_is_added_and_recorded_with_its_values(
    client, object_plan, board, admin_user
):
    client.force_login(admin_user)
    response = client.post(
        f"/api/objectplans/{object_plan.pk}/budget/lines",
        json.dumps(
            {"board": board.pk, "kind": "VU", "amount": "1 250,50", "system": "Skolplattform"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    line = BudgetLine.objects.get()
    record = history_of(line).get()
    assert record.action == ChangeRecord.Action.CREATED
    assert record.changed_by == admin_user
    assert record.changes == {
        "board": [None, str(board)],
        "kind": [None, "VU"],
        "amount": [None, "1250.50"],
        "system": [None, "Skolplattform"],
        "description": [None, ""],
    }


def test_a_shared_posts_lines_are_recorded_with_their_values(object_plan, board, admin_user):
    other = make_board(
        code="BoU", name="Barn- och ungdomsnämnden", administration=board.administration
    )
    key = budgeting.add_allocation_key(
        object_plan=object_plan, shares=[(board, 1), (other, 1)], by=admin_user
    )
    budgeting.add_shared_budget_post(
        object_plan=object_plan, key=key, kind="VM", amount=Decimal("100.01"), by=admin_user
    )
    amounts = sorted(
        history_of(line).get().changes["amount"][1] for line in BudgetLine.objects.all()
    )
    assert amounts == ["50.00", "50.01"]
    assert history_of(key).get().changes["shares"] == [None, f"{board} 1, {other} 1"]


def test_a_text_with_a_control_character_is_refused(object_plan, board, admin_user):
    with pytest.raises(ValidationError) as refused:
        budgeting.add_budget_line(
            object_plan=object_plan,
            board=board,
            kind="VM",
            amount=Decimal("1.00"),
            description="Licens\x0bkostnad",
            by=admin_user,
        )
    assert refused.value.message_dict["description"] == [
        "Contains a character that is not allowed (U+000B) at position 7."
    ]
