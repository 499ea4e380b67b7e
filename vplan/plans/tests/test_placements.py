from vplan.followups.models import StatusReport
from vplan.plans.models import Placement
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_round,
    place,
    report,
)


def test_one_activity_under_two_goals_is_reported_once_and_shown_in_both_places(plan, editor):
    goal = make_municipal_goal(plan=plan, perspective_name="Medborgare")
    first = make_board_goal(plan=plan, municipal_goal=goal, title="Maximalt lärande")
    second_goal = make_municipal_goal(plan=plan, perspective_name="Verksamhet")
    assignment = make_assignment(plan=plan, number=21)
    activity = make_activity(plan=plan, board_goal=first, text="Stärka elevhälsans arbete")
    place(activity=activity, municipal_goal=second_goal, assignment=assignment)
    round = make_round(plan=plan)

    report(activity=activity, round=round, status="Pågående", comment="Arbetet har startat.")

    places = Placement.objects.filter(activity=activity)
    assert {(p.perspective.name, p.board_goal_id, p.assignment_id) for p in places} == {
        ("Medborgare", first.pk, None),
        ("Verksamhet", None, assignment.pk),
    }
    assert StatusReport.objects.filter(activity=activity, round=round).count() == 1
    shown = {
        placement.pk: StatusReport.objects.in_round(round)
        .current()
        .get(activity=placement.activity)
        for placement in places
    }
    assert len({r.pk for r in shown.values()}) == 1
    assert all(r.comment == "Arbetet har startat." for r in shown.values())
