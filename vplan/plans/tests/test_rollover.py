"""Rollover: next year's plan starts from this year's unfinished activities."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from vplan.audit.trail import history_of
from vplan.lineage.rollover import carry_over, propose_rollover
from vplan.overviews.figures import chronic_activities, load_rows
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Plan
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    report,
)

# The figures as a superuser reads them: every round, every status.
SEES_EVERYTHING = SimpleNamespace(is_superuser=True, is_authenticated=True)


def _year_end_round(plan):
    return make_round(plan=plan, as_of=datetime.date(plan.year, 12, 31), label="per 31 december")


def test_unfinished_activities_are_carried_and_done_ones_are_not(plan, controller):
    ongoing = make_activity(plan=plan, text="Införa digitala närvarorutiner")
    done = make_activity(plan=plan, text="Revidera lönekriterierna")
    unreported = make_activity(plan=plan, text="Kartlägga lokalbehovet")
    spring = make_round(plan=plan, as_of=datetime.date(2024, 3, 31))
    year_end = _year_end_round(plan)
    report(activity=done, round=spring, status="Pågående")
    report(activity=done, round=year_end, status="Genomfört")
    report(activity=ongoing, round=spring, status="Genomfört")  # done in spring ...
    report(activity=ongoing, round=year_end, status="Pågående")  # ... but the latest round counts

    new_plan = carry_over(plan=plan, to_year=2025, by=controller)

    carried = {a.text: a for a in Activity.objects.filter(plan=new_plan)}
    assert set(carried) == {ongoing.text, unreported.text}
    assert carried[ongoing.text].carried_over_from == ongoing
    assert carried[ongoing.text].carried_over_year == 2024  # 'Kvarstår från 2024'
    assert set(new_plan.boards.all()) == set(plan.boards.all())
    assert new_plan.state == Plan.State.DRAFT
    assert history_of(carried[ongoing.text]).filter(changed_by=controller).exists()


def test_goals_and_assignments_are_copied_into_a_new_plan_and_placements_follow(plan, controller):
    municipal_goal = make_municipal_goal(plan=plan, title="Ett attraktivt och tryggt Exempelkommun")
    board_goal = make_board_goal(plan=plan, municipal_goal=municipal_goal, title="Maximalt lärande")
    assignment = make_assignment(plan=plan, number=21, text="Samverkan barn och unga")
    activity = make_activity(plan=plan, board_goal=board_goal)
    activity.placements.create(perspective=municipal_goal.perspective, assignment=assignment)

    new_plan = carry_over(plan=plan, to_year=2025, by=controller)

    new_board_goal = BoardGoal.objects.get(plan=new_plan, title="Maximalt lärande")
    assert new_board_goal.municipal_goal.plan == new_plan
    assert new_board_goal.municipal_goal.title == municipal_goal.title
    assert Assignment.objects.get(plan=new_plan, number=21).text == "Samverkan barn och unga"
    carried = Activity.objects.get(plan=new_plan)
    places = {(p.board_goal_id, p.assignment_id) for p in carried.placements.all()}
    assert (new_board_goal.pk, None) in places
    assert (None, Assignment.objects.get(plan=new_plan, number=21).pk) in places


def test_goals_are_mapped_onto_next_years_reworded_ones(plan, controller):
    board_goal = make_board_goal(plan=plan, title="Kunskap & kompetens")
    assignment = make_assignment(plan=plan, number=5, text="Fler ska få gymnasieexamen")
    other = make_assignment(plan=plan, number=6, text="Ta initiativ till regional samverkan")
    make_activity(plan=plan, board_goal=board_goal, assignment=assignment)
    make_activity(plan=plan, assignment=other)
    next_plan = make_plan(administration=plan.administration, year=2025, boards=plan.boards.all())
    reworded_goal = make_board_goal(plan=next_plan, title="Kunskap och kompetens")
    renumbered = make_assignment(plan=next_plan, number=7, text="Öka den regionala samverkan")
    make_assignment(plan=next_plan, number=5, text="Fler ska få gymnasieexamen och bli anställda")

    proposal = propose_rollover(plan=plan, to_year=2025)
    by_key = {m.key: m for m in proposal.mappings}
    assert by_key[f"board_goal:{board_goal.pk}"].target == reworded_goal
    assert by_key[f"assignment:{assignment.pk}"].target.number == 5
    assert by_key[f"assignment:{other.pk}"].action == "copy"

    result = carry_over(
        plan=plan,
        to_year=2025,
        by=controller,
        choices={f"assignment:{other.pk}": str(renumbered.pk)},
    )

    assert result == next_plan
    assert BoardGoal.objects.filter(plan=next_plan).count() == 1
    assert Assignment.objects.filter(plan=next_plan).count() == 2
    moved = Activity.objects.get(plan=next_plan, carried_over_from__placements__assignment=other)
    assert moved.placements.get().assignment == renumbered


def test_a_goal_with_carried_activities_cannot_be_skipped(plan, controller):
    board_goal = make_board_goal(plan=plan, title="Maximalt lärande")
    make_activity(plan=plan, board_goal=board_goal)

    with pytest.raises(ValidationError) as error:
        carry_over(
            plan=plan, to_year=2025, by=controller, choices={f"board_goal:{board_goal.pk}": "skip"}
        )

    assert f"board_goal:{board_goal.pk}" in error.value.message_dict
    assert not Plan.objects.filter(administration=plan.administration, year=2025).exists()


def test_an_unknown_choice_names_the_goal_it_is_about(plan, controller):
    board_goal = make_board_goal(plan=plan, title="Maximalt lärande")
    with pytest.raises(ValidationError) as error:
        propose_rollover(plan=plan, to_year=2025, choices={f"board_goal:{board_goal.pk}": "999"})
    assert "999" in error.value.message_dict[f"board_goal:{board_goal.pk}"][0]


def test_rollover_is_all_or_nothing(plan, controller):
    make_activity(plan=plan, text="Ett giltigt aktivitetsnamn")
    broken = make_activity(plan=plan)
    Activity.objects.filter(pk=broken.pk).update(text="", order=99)  # fails validation when copied

    with pytest.raises(ValidationError):
        carry_over(plan=plan, to_year=2025, by=controller)

    assert not Plan.all_objects.filter(administration=plan.administration, year=2025).exists()
    assert not MunicipalGoal.objects.filter(plan__year=2025).exists()


def test_the_same_plan_cannot_be_rolled_over_twice_or_backwards(plan, controller):
    make_activity(plan=plan)
    carry_over(plan=plan, to_year=2025, by=controller)
    with pytest.raises(ValidationError):
        carry_over(plan=plan, to_year=2025, by=controller)
    with pytest.raises(ValidationError):
        propose_rollover(plan=plan, to_year=2024)


def test_an_end_date_postponed_into_the_new_year_becomes_december(plan, controller):
    make_activity(plan=plan, decided_end="Juni", current_end="Förskjuts till 2025")
    make_activity(plan=plan, text="Senare", decided_end="Förskjuts till 2026")
    new_plan = carry_over(plan=plan, to_year=2025, by=controller)
    ends = {a.text: str(a.current_end) for a in Activity.objects.filter(plan=new_plan)}
    assert "December" in ends.values()
    assert ends["Senare"] == "Förskjuts till 2026"


def test_left_out_activities_stay_behind(plan, controller):
    kept = make_activity(plan=plan, text="Fortsätter")
    dropped = make_activity(plan=plan, text="Läggs ned")
    new_plan = carry_over(plan=plan, to_year=2025, by=controller, leave_out=[dropped.pk])
    assert [a.carried_over_from for a in Activity.objects.filter(plan=new_plan)] == [kept]


def test_three_years_in_a_row_the_never_finished_activity_is_carried_twice_and_chronic(
    administration, board, controller
):
    first = make_plan(administration=administration, year=2022, boards=[board])
    never = make_activity(plan=first, text="Utarbeta en handlingsplan för trygghetsarbetet")
    finished = make_activity(plan=first, text="Revidera lönekriterierna")
    report(activity=never, round=_year_end_round(first), status="Pågående")
    report(activity=finished, round=never.plan.rounds.get(), status="Genomfört")

    second = carry_over(plan=first, to_year=2023, by=controller)
    never_2023 = Activity.objects.get(plan=second)
    report(activity=never_2023, round=_year_end_round(second), status="Kvarstår")
    third = carry_over(plan=second, to_year=2024, by=controller)

    carried = list(Activity.objects.filter(plan=third))
    assert [a.text for a in carried] == [never.text]
    assert carried[0].times_carried_over() == 2
    assert [a.pk for a in carried[0].chain_back()] == [never.pk, never_2023.pk]
    assert not Activity.objects.filter(text=finished.text).exclude(pk=finished.pk).exists()

    history = load_rows(user=SEES_EVERYTHING, plans=[first, second, third])
    chronic = chronic_activities(load_rows(user=SEES_EVERYTHING, plans=[third]), history=history)
    assert [(c.row.id, c.times_carried_over, c.first_year) for c in chronic] == [
        (carried[0].pk, 2, 2022)
    ]
