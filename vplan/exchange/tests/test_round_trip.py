import json

import pytest
from django.core.management import call_command

from vplan.exchange.document import read_document
from vplan.exchange.export import dumps, export_plans
from vplan.exchange.load import load_document
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation.models import Administration, Board
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement, Plan
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    place,
    report,
)


def build_two_years(administration, board, other_board, editor):
    plans = [
        make_plan(administration=administration, year=year, boards=[board, other_board])
        for year in (2024, 2025)
    ]
    activities = []
    for plan in plans:
        goal = make_municipal_goal(
            plan=plan, perspective_name="Medborgare", title="Ett lärande Exempelby"
        )
        board_goal = make_board_goal(
            plan=plan,
            municipal_goal=goal,
            title="Maximalt lärande",
            description="Alla elever når målen.",
        )
        assignment = make_assignment(
            plan=plan, number=7, text="Samtliga nämnder ska minska segregationen."
        )
        first = make_activity(
            plan=plan,
            text="Kartlägga läsförmågan i årskurs 1 – åäö",
            board_goal=board_goal,
            decided_end="Juni",
            current_end="December",
            carried_over_from=activities[0] if activities else None,
        )
        place(activity=first, municipal_goal=goal, assignment=assignment)
        part = make_activity(
            plan=plan, text="Del: skolbiblioteken", board_goal=board_goal, boards=[board]
        )
        part.parent = first
        part.save(update_fields=["parent"])
        activities.append(first)
        round = make_round(plan=plan, label="Uppföljning per 31 mars")
        report(activity=first, round=round, status="Pågående", comment="Start", author=editor)
        report(activity=first, round=round, status="Genomfört", comment="Klart", author=editor)
        report(activity=part, round=round, status="Kvarstår")
    return plans


def wipe_plans():
    StatusReport.objects.all().delete()
    FollowUpRound.objects.all().delete()
    Placement.objects.all().delete()
    Activity.all_objects.update(carried_over_from=None, parent=None)
    Activity.all_objects.all().delete()
    Assignment.objects.all().delete()
    BoardGoal.objects.all().delete()
    MunicipalGoal.objects.all().delete()
    Plan.all_objects.all().delete()
    Board.objects.all().delete()
    Administration.objects.all().delete()


def test_loading_an_export_into_an_empty_database_and_exporting_again_is_identical(
    administration, board, other_board, editor
):
    build_two_years(administration, board, other_board, editor)
    first = dumps(export_plans())
    wipe_plans()
    assert not Plan.objects.exists()

    load_document(document=read_document(json.loads(first)), by=None)

    assert dumps(export_plans()) == first
    chained = Activity.objects.get(plan__year=2025, parent__isnull=True)
    assert chained.carried_over_from.plan.year == 2024
    assert chained.is_postponed
    assert StatusReport.objects.filter(activity=chained).count() == 2


def test_export_and_load_commands_round_trip_through_files(
    tmp_path, administration, board, other_board, editor
):
    plans = build_two_years(administration, board, other_board, editor)
    exported = tmp_path / "plans.json"
    call_command("export", "--all", "-o", str(exported))
    single = tmp_path / "one.json"
    call_command("export", "--plan", str(plans[0].pk), "-o", str(single))
    assert [p["year"] for p in json.loads(single.read_text())["plans"]] == [2024]

    wipe_plans()
    call_command("load", str(exported))

    again = tmp_path / "again.json"
    call_command("export", "--all", "-o", str(again))
    assert again.read_bytes() == exported.read_bytes()
    assert "åäö" in again.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_an_empty_database_exports_an_empty_document():
    assert export_plans()["plans"] == []


def test_a_deleted_activity_with_reports_round_trips_and_stays_deleted(
    administration, board, other_board, editor, controller
):
    from vplan.plans.editing import delete_activity

    build_two_years(administration, board, other_board, editor)
    removed = Activity.objects.get(plan__year=2024, parent__isnull=True)
    delete_activity(activity=removed, by=controller)  # its part goes with it; reports stay
    first = dumps(export_plans())
    wipe_plans()

    load_document(document=read_document(json.loads(first)), by=None)

    assert dumps(export_plans()) == first
    again = Activity.all_objects.get(uid=removed.uid)
    assert again.is_deleted
    assert again.deleted_at == removed.deleted_at
    assert StatusReport.objects.filter(activity=again).count() == 2
    assert Activity.objects.get(plan__year=2025, parent__isnull=True).carried_over_from == again
