"""vplan rollover PLAN_ID --year YEAR [--yes] [--map ...] [--leave-out ...] [--promote ...]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vplan.plans.editing import add_part
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_activity, make_board_goal, make_round, report


def _run(*args) -> str:
    out = StringIO()
    call_command("rollover", *[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def test_without_yes_it_prints_the_proposal_and_saves_nothing(plan):
    goal = make_board_goal(plan=plan, title="Maximalt lärande")
    make_activity(plan=plan, text="Införa digitala närvarorutiner", board_goal=goal)

    output = _run(plan.pk, "--year", 2025)

    assert "Införa digitala närvarorutiner" in output
    assert f"board_goal:{goal.pk}" in output
    assert "--yes" in output
    assert not Plan.objects.filter(year=2025).exists()


def test_with_yes_it_creates_the_plan(plan, controller):
    make_activity(plan=plan, text="Införa digitala närvarorutiner")

    output = _run(plan.pk, "--year", 2025, "--yes", "--user", "controller")

    new_plan = Plan.objects.get(administration=plan.administration, year=2025)
    assert f"Plan {new_plan.pk}" in output
    assert Activity.objects.get(plan=new_plan).created_by == controller


def test_a_bad_mapping_is_refused_with_what_is_wrong(plan):
    goal = make_board_goal(plan=plan, title="Maximalt lärande")
    make_activity(plan=plan, board_goal=goal)
    with pytest.raises(CommandError, match=f"board_goal:{goal.pk}"):
        _run(plan.pk, "--year", 2025, "--yes", "--map", f"board_goal:{goal.pk}=skip")
    with pytest.raises(CommandError, match="KIND:ID"):
        _run(plan.pk, "--year", 2025, "--map", "nonsense")
    with pytest.raises(CommandError, match="no plan"):
        _run(999999, "--year", 2025)
    assert not Plan.objects.filter(year=2025).exists()


@pytest.fixture
def done_with_parts(plan, controller):
    """A done activity whose part 'Gymnasieskola' is unfinished: it stays unless promoted."""
    activity = make_activity(plan=plan, text="Sambedöma de nationella proven")
    finished = add_part(parent=activity, text="Grundskola", decided_end="Juni", by=controller)
    staying = add_part(parent=activity, text="Gymnasieskola", decided_end="Q4", by=controller)
    round = make_round(plan=plan)
    report(activity=activity, round=round, status="Genomfört")
    report(activity=finished, round=round, status="Genomfört")
    report(activity=staying, round=round, status="Pågående")
    return activity, staying


def test_it_prints_the_parts_that_stay_with_their_activity(plan, done_with_parts):
    activity, staying = done_with_parts

    output = _run(plan.pk, "--year", 2025)

    assert "Parts staying with their activity: 1 (--promote PART_ID" in output
    assert f"{staying.pk}  Gymnasieskola (part of {activity.pk} Sambedöma" in output
    assert "Parts promoted" not in output
    assert "Activities carried over: 0" in output


def test_a_promoted_part_is_printed_and_carried_as_an_activity_of_its_own(
    plan, done_with_parts, controller
):
    activity, staying = done_with_parts

    output = _run(plan.pk, "--year", 2025, "--promote", staying.pk, "--yes", "--user", "controller")

    assert "Parts promoted, carried as activities of their own: 1" in output
    assert f"{staying.pk}  Gymnasieskola (part of {activity.pk} Sambedöma" in output
    assert "Parts staying with their activity" not in output
    new_plan = Plan.objects.get(administration=plan.administration, year=2025)
    promoted = Activity.objects.get(plan=new_plan)
    assert (promoted.text, promoted.parent, promoted.carried_over_from) == (
        "Gymnasieskola",
        None,
        staying,
    )


def test_promoting_anything_but_a_part_staying_behind_is_refused(plan, done_with_parts):
    activity, staying = done_with_parts
    with pytest.raises(CommandError, match=f"--promote {activity.pk}: not an unfinished part"):
        _run(plan.pk, "--year", 2025, "--yes", "--promote", activity.pk)
    with pytest.raises(CommandError, match="--promote 999999"):
        _run(plan.pk, "--year", 2025, "--promote", staying.pk, "--promote", 999999)
    with pytest.raises(CommandError, match=f"--promote {staying.pk}"):
        _run(plan.pk, "--year", 2025, "--yes", "--promote", staying.pk, "--leave-out", staying.pk)
    assert not Plan.objects.filter(year=2025).exists()
