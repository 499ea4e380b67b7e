"""The loader keeps the rules every other write path keeps, and names the place of a breach."""

import json

import pytest
from django.core.management import CommandError, call_command

from vplan.exchange.export import dumps, export_plans
from vplan.followups.models import StatusReport
from vplan.plans.editing import add_part
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import (
    make_activity,
    make_board_goal,
    make_municipal_goal,
    make_round,
    report,
)


def counts():
    return (Plan.all_objects.count(), Activity.all_objects.count(), StatusReport.objects.count())


@pytest.fixture
def document(plan, editor, controller):
    """A plan of 2031 (not in the database) with an activity in two places and a part."""
    goal = make_municipal_goal(plan=plan, perspective_name="Medborgare", title="Ett lärande län")
    board_goal = make_board_goal(plan=plan, municipal_goal=goal, title="Maximalt lärande")
    activity = make_activity(plan=plan, text="Sambedöma proven", board_goal=board_goal)
    activity.placements.create(perspective=goal.perspective, municipal_goal=goal)
    part = add_part(parent=activity, text="Grundskola", decided_end="Juni", by=controller)
    round = make_round(plan=plan)
    report(activity=activity, round=round, status="Pågående", author=editor)
    report(activity=part, round=round, status="Kvarstår", author=editor)
    text = dumps(export_plans())
    for item in json.loads(text)["plans"][0]["activities"]:
        text = text.replace(item["id"], item["id"][:-4] + "beef")
    document = json.loads(text)
    document["plans"][0]["year"] = 2031
    for round_data in document["plans"][0]["rounds"]:  # a round lies in its plan's year
        for field in ("as_of", "reporting_deadline"):
            if round_data.get(field):
                round_data[field] = "2031" + round_data[field][4:]
    return document


def load(tmp_path, document) -> str:
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load", str(path))
    return str(error.value)


def test_a_part_without_places_of_its_own_loads_and_stands_where_its_activity_stands(
    document, tmp_path
):
    (activity, part) = document["plans"][0]["activities"]
    assert part["parent"] == activity["id"] and part["placements"] == []
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    call_command("load", str(path))

    loaded = Activity.objects.get(uid=part["id"])
    assert loaded.parent.uid.hex == activity["id"].replace("-", "")
    assert not loaded.placements.exists()


def test_a_report_without_a_status_is_history_and_loads_as_it_was(document, tmp_path):
    document["plans"][0]["rounds"][0]["reports"][1].update(status=None, status_text="")
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    call_command("load", str(path))

    part = Activity.objects.get(uid=document["plans"][0]["activities"][1]["id"])
    loaded = StatusReport.objects.get(activity=part)
    assert loaded.status is None and loaded.status_text == ""


def test_a_place_directly_under_a_perspective_is_history_and_loads_as_it_was(document, tmp_path):
    """An imported row may name its perspective and no goal; that is what the record says."""
    place = document["plans"][0]["activities"][0]["placements"][1]
    place.update(municipal_goal=None, board_goal=None, assignment=None)
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    call_command("load", str(path))

    activity = Activity.objects.get(uid=document["plans"][0]["activities"][0]["id"])
    direct = activity.placements.get(municipal_goal=None, board_goal=None, assignment=None)
    assert direct.perspective.name == "Medborgare"


def _activity(n):
    return lambda d: d["plans"][0]["activities"][n]


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (
            lambda d: _activity(0)(d).update(placements=[]),
            "plans[0].activities[0].placements: an activity stands in at least one place",
        ),
        (
            lambda d: _activity(1)(d).update(parent=_activity(1)(d)["id"]),
            "plans[0].activities[1].parent: an activity cannot be a part of itself",
        ),
        (
            lambda d: _activity(0)(d).update(parent=_activity(1)(d)["id"]),
            "plans[0].activities[0].parent: a part cannot have parts of its own",
        ),
        (
            lambda d: _activity(1)(d).update(parent="0b6f5c1e-0000-4000-8000-000000000001"),
            "plans[0].activities[1].parent: a part belongs to an activity of the same plan",
        ),
        (
            lambda d: _activity(0)(d)["placements"][0].update(perspective="Ekonomi"),
            "plans[0].activities[0].placements[0].perspective: the municipal goal 'mg1' "
            "stands under 'Medborgare'",
        ),
        (
            lambda d: _activity(0)(d)["placements"][1].update(board_goal="bg1"),
            "plans[0].activities[0].placements[1]: the activity stands in this place twice",
        ),
        (
            lambda d: _activity(1)(d).update(carried_over_from=_activity(0)(d)["id"]),
            "plans[0].activities[1].carried_over_from: an activity is carried over from an "
            "earlier year, not from 2031",
        ),
        (
            lambda d: d["plans"][0]["municipal_goals"][0].update(title="  "),
            "plans[0].municipal_goals[0].title: is empty",
        ),
        (
            lambda d: _activity(0)(d).update(decided_end="December " * 20),
            "plans[0].activities[0].decided_end: is longer than 60 characters",
        ),
    ],
)
def test_a_file_that_breaks_a_rule_of_the_plan_is_refused_and_nothing_is_written(
    document, tmp_path, break_it, expected
):
    before = counts()
    break_it(document)

    message = load(tmp_path, document)

    assert expected in message
    assert "nothing was loaded" in message
    assert counts() == before
