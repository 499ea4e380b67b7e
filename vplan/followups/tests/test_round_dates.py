"""A round's as-of date and deadline lie from the start of the year before the plan's to the end
of the year after it (round_lifecycle.plausible_round_dates); a year such as 484 is refused on
the page and through the API, and so is a deadline before the as-of date."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from vplan.followups.models import FollowUpRound
from vplan.followups.round_lifecycle import (
    check_round_dates,
    create_round,
    plausible_round_dates,
    update_round,
)
from vplan.testing.factories import make_round


def test_the_plausible_dates_are_the_plans_year_and_one_either_side(plan):
    assert plausible_round_dates(plan) == (datetime.date(2023, 1, 1), datetime.date(2025, 12, 31))


@pytest.mark.parametrize(
    "as_of, deadline",
    [
        (datetime.date(2023, 1, 1), None),
        (datetime.date(2024, 12, 31), datetime.date(2025, 2, 15)),
        (datetime.date(2025, 12, 31), datetime.date(2025, 12, 31)),
    ],
)
def test_dates_within_the_bounds_are_accepted(plan, controller, as_of, deadline):
    made = create_round(
        plan=plan, label="Per", as_of=as_of, reporting_deadline=deadline, by=controller
    )
    assert made.as_of == as_of


@pytest.mark.parametrize(
    "as_of, deadline, field",
    [
        (datetime.date(484, 3, 31), None, "as_of"),
        (datetime.date(2022, 12, 31), None, "as_of"),
        (datetime.date(2026, 1, 1), None, "as_of"),
        (datetime.date(2024, 3, 31), datetime.date(2204, 4, 12), "reporting_deadline"),
        (datetime.date(2024, 3, 31), datetime.date(2024, 3, 1), "reporting_deadline"),
    ],
)
def test_implausible_dates_are_refused_naming_the_field(plan, controller, as_of, deadline, field):
    with pytest.raises(ValidationError) as refused:
        create_round(
            plan=plan, label="Per", as_of=as_of, reporting_deadline=deadline, by=controller
        )
    assert list(refused.value.message_dict) == [field]
    assert not FollowUpRound.objects.exists()


def test_the_message_says_which_dates_are_allowed(plan, controller):
    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        create_round(plan=plan, label="Per", as_of=datetime.date(484, 3, 31), by=controller)
    assert refused.value.message_dict["as_of"] == [
        "0484-03-31 ligger för långt från planens år 2024: ange ett datum från 2023-01-01 "
        "till 2025-12-31."
    ]


def test_moving_a_round_to_an_implausible_date_is_refused(plan, controller):
    existing = make_round(plan=plan, as_of=datetime.date(2024, 4, 30))
    with pytest.raises(ValidationError):
        update_round(round=existing, as_of=datetime.date(1024, 4, 30), by=controller)
    existing.refresh_from_db()
    assert existing.as_of == datetime.date(2024, 4, 30)


def test_the_page_refuses_year_484_at_the_field(client, controller, plan):
    client.force_login(controller)
    response = client.post(
        reverse("followups:create_round", args=[plan.pk]),
        {"label": "Uppföljning", "as_of": "0484-03-31", "reporting_deadline": ""},
    )
    assert response.context["form"].errors["as_of"]
    assert not FollowUpRound.objects.exists()


def test_the_api_refuses_year_484_with_a_400_naming_the_field(client, controller, plan):
    client.force_login(controller)
    response = client.post(
        f"/api/plans/{plan.pk}/rounds",
        json.dumps({"label": "Uppföljning", "as_of": "0484-03-31"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["as_of"]
    assert not FollowUpRound.objects.exists()


def test_the_api_refuses_moving_the_deadline_far_away(client, controller, plan):
    existing = make_round(plan=plan, as_of=datetime.date(2024, 4, 30))
    client.force_login(controller)
    response = client.patch(
        f"/api/rounds/{existing.pk}",
        json.dumps({"reporting_deadline": "9999-12-31"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reporting_deadline"]
    existing.refresh_from_db()
    assert existing.reporting_deadline is None


def test_a_writer_of_its_own_rounds_asks_the_same_rule(plan):
    """exchange/load.py builds rounds itself; check_round_dates is the rule alone."""
    check_round_dates(
        plan=plan, as_of=datetime.date(2024, 3, 31), reporting_deadline=datetime.date(2024, 4, 12)
    )
    with pytest.raises(ValidationError) as refused:
        check_round_dates(plan=plan, as_of=datetime.date(484, 3, 31), reporting_deadline=None)
    assert list(refused.value.message_dict) == ["as_of"]
