"""Rollover and parts: parts travel with their activity, or are promoted into its places."""

import datetime

import pytest
from django.urls import reverse

from vplan.audit.trail import history_of
from vplan.lineage.rollover import carry_over, propose_rollover
from vplan.plans.editing import add_part
from vplan.plans.models import Activity
from vplan.testing.factories import (
    make_activity,
    make_board_goal,
    make_municipal_goal,
    make_round,
    report,
)


@pytest.fixture
def round(plan):
    return make_round(plan=plan, as_of=datetime.date(plan.year, 12, 31), label="per 31 december")


@pytest.fixture
def school_forms(plan, controller):
    """An activity under a board goal and an assignment-free municipal goal, with two parts."""
    goal = make_municipal_goal(plan=plan, perspective_name="Medborgare", title="Ett lärande län")
    board_goal = make_board_goal(plan=plan, municipal_goal=goal, title="Maximalt lärande")
    activity = make_activity(
        plan=plan, text="Sambedöma de nationella proven", board_goal=board_goal
    )
    activity.placements.create(perspective=goal.perspective, municipal_goal=goal)
    first = add_part(parent=activity, text="Grundskola", decided_end="Juni", by=controller)
    second = add_part(parent=activity, text="Gymnasieskola", decided_end="Q4", by=controller)
    return activity, first, second


def test_an_unfinished_part_of_a_done_activity_stays_with_it_unless_promoted(
    plan, round, school_forms
):
    activity, first, second = school_forms
    report(activity=activity, round=round, status="Genomfört")
    report(activity=first, round=round, status="Genomfört")
    report(activity=second, round=round, status="Pågående")

    proposal = propose_rollover(plan=plan, to_year=2025)

    assert proposal.carried == [] and proposal.promoted == []
    assert proposal.stays_with_activity == [(second, activity)]


def test_a_promoted_part_of_a_done_activity_is_carried_into_its_places(
    plan, round, school_forms, controller
):
    activity, first, second = school_forms
    report(activity=activity, round=round, status="Genomfört")
    report(activity=first, round=round, status="Genomfört")
    report(activity=second, round=round, status="Pågående")

    proposal = propose_rollover(plan=plan, to_year=2025, promote=[second.pk])
    assert proposal.promoted == [(second, activity)]
    assert proposal.stays_with_activity == []
    new_plan = carry_over(plan=plan, to_year=2025, by=controller, promote=[second.pk])

    promoted = Activity.objects.get(plan=new_plan)
    assert promoted.text == "Gymnasieskola"
    assert promoted.parent is None
    assert promoted.carried_over_from == second
    places = {
        (p.municipal_goal.title, getattr(p.board_goal, "title", None))
        for p in promoted.placements.all()
    }
    assert places == {("Ett lärande län", "Maximalt lärande"), ("Ett lärande län", None)}
    assert all(p.perspective.name == "Medborgare" for p in promoted.placements.all())
    created = history_of(promoted).get()
    assert created.changed_by == controller
    assert created.changes["promoted_from_part_of"] == [None, activity.pk]


def test_parts_travel_with_their_carried_activity(plan, round, school_forms, controller):
    activity, first, second = school_forms
    report(activity=activity, round=round, status="Pågående")
    report(activity=first, round=round, status="Genomfört")
    report(activity=second, round=round, status="Pågående")

    new_plan = carry_over(plan=plan, to_year=2025, by=controller)

    copy = Activity.objects.get(plan=new_plan, parent__isnull=True)
    assert copy.carried_over_from == activity
    assert [(part.text, part.carried_over_from) for part in copy.parts.all()] == [
        ("Gymnasieskola", second)
    ]
    assert not copy.parts.get().placements.exists()  # it stands where its activity stands
    assert copy.placements.count() == 2


def test_parts_of_a_left_out_activity_stay_behind_with_it(plan, round, school_forms, controller):
    activity, first, second = school_forms

    proposal = propose_rollover(plan=plan, to_year=2025, leave_out=[activity.pk])

    assert proposal.carried == []
    assert proposal.left_out == [activity]
    assert proposal.stays_with_activity == [(first, activity), (second, activity)]
    assert proposal.promoted == []


def _places(activity) -> set[tuple]:
    return {
        (
            p.perspective.name,
            getattr(p.municipal_goal, "title", None),
            getattr(p.board_goal, "title", None),
            getattr(p.assignment, "number", None),
        )
        for p in activity.placements.all()
    }


@pytest.mark.django_db
def test_a_rolled_over_demo_plan_shows_every_activity_it_counts(client, demo):
    plan = demo["plans"][2026]
    parent = demo["activities"][(2026, "elevhalsomodell")]
    unfinished_part = demo["activities"][(2026, "elevhalsomodell-etapp-2")]
    latest_round = demo["rounds"][(2026, "oktober")]
    for activity in (parent, demo["activities"][(2026, "elevhalsomodell-etapp-1")]):
        report(activity=activity, round=latest_round, status="Genomfört")
    controller = demo["users"]["controller"]

    proposed = carry_over(plan=plan, to_year=2027, by=controller)  # as proposed: it stays
    assert not Activity.objects.filter(plan=proposed, carried_over_from=unfinished_part).exists()
    assert all(part.parent.plan == proposed for part in proposed.activities.exclude(parent=None))

    # Promoted explicitly (into another year, to keep the first rollover to compare with):
    new_plan = carry_over(plan=plan, to_year=2028, by=controller, promote=[unfinished_part.pk])

    top_level = Activity.objects.in_plan(new_plan).top_level()
    assert not top_level.filter(placements__isnull=True).exists()
    assert all(part.parent.plan == new_plan for part in new_plan.activities.exclude(parent=None))
    promoted = top_level.get(carried_over_from=unfinished_part)
    assert _places(promoted) == _places(parent) != set()

    client.force_login(controller)
    page = client.get(reverse("plans:plan", args=[new_plan.pk])).content.decode()
    for activity in top_level:
        assert activity.text in page, activity.text
    activity_page = client.get(reverse("plans:activity", args=[promoted.pk])).content.decode()
    assert "Inte placerad under något mål" not in activity_page
