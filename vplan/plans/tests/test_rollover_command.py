"""vplan rollover PLAN_ID --year YEAR [--yes]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vplan.factories import make_activity, make_board_goal
from vplan.plans.models import Activity, Plan


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
