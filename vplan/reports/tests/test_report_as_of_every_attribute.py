"""'As of' shows every attribute as it was then: deletions and restorations, goal and
assignment texts, parents and flags, not only statuses, texts and end dates."""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from vplan.plans import editing
from vplan.reports.document import build_report
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2024, 4, day, 9, tzinfo=STOCKHOLM)


def texts(report) -> list[str]:
    return [record.activity for record in report.records]


def test_an_activity_deleted_then_restored_was_absent_in_between(plan, controller):
    with time_machine.travel(at(1), tick=False):
        activity = make_activity(plan=plan, text="Tillfälligt borttagen aktivitet")
        round = make_round(plan=plan)
    with time_machine.travel(at(5), tick=False):
        editing.delete_activity(activity=activity, by=controller)
    with time_machine.travel(at(10), tick=False):
        editing.restore_activity(activity=activity, by=controller)

    assert "Tillfälligt borttagen aktivitet" in texts(build_report(round=round, as_of=at(3)))
    assert "Tillfälligt borttagen aktivitet" not in texts(build_report(round=round, as_of=at(7)))
    assert "Tillfälligt borttagen aktivitet" in texts(build_report(round=round, as_of=at(12)))


def test_goal_and_assignment_texts_are_as_they_were(plan, controller):
    with time_machine.travel(at(1), tick=False):
        goal = make_municipal_goal(plan=plan, title="Gammalt kommunmål")
        board_goal = make_board_goal(plan=plan, municipal_goal=goal, title="Gammalt nämndmål")
        assignment = make_assignment(plan=plan, number=7, text="Gammalt uppdrag")
        make_activity(plan=plan, board_goal=board_goal)
        make_activity(plan=plan, municipal_goal=goal, assignment=assignment)
        round = make_round(plan=plan)
    with time_machine.travel(at(10), tick=False):
        editing.update_municipal_goal(goal=goal, title="Nytt kommunmål", by=controller)
        editing.update_board_goal(goal=board_goal, title="Nytt nämndmål", by=controller)
        editing.update_assignment(assignment=assignment, text="Nytt uppdrag", by=controller)

    then = build_report(round=round, as_of=at(5))
    now = build_report(round=round)

    assert {r.municipal_goal for r in then.records} == {"Gammalt kommunmål"}
    assert {r.board_goal for r in then.records} == {"Gammalt nämndmål", ""}
    assert {r.assignment for r in then.records} == {"Gammalt uppdrag", ""}
    assert [a.text for a in then.board_assignments + then.common_assignments] == ["Gammalt uppdrag"]
    assert {r.municipal_goal for r in now.records} == {"Nytt kommunmål"}
    assert {r.assignment for r in now.records} == {"Nytt uppdrag", ""}
