"""The record holds: the demo and an imported report export, load into an empty database, and
export again to the same bytes."""

import json

import pytest
from django.core.management import call_command

from vplan.audit.models import ChangeRecord
from vplan.exchange.document import read_document
from vplan.exchange.export import dumps, export_plans
from vplan.exchange.load import load_document
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.imports.detect import parse_document
from vplan.imports.load import file_sha256, load_parsed_document
from vplan.imports.tests.helpers import write_report
from vplan.organisation.models import Administration, Board, Membership
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement, Plan

pytestmark = pytest.mark.django_db


def empty_the_database() -> None:
    """Remove every plan and what hangs on it, the administrations and the boards (the users
    and the status vocabulary stay, as in a fresh installation)."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.app_label in ("imports", "reports", "lineage", "search"):
            getattr(model, "all_objects", model.objects).all().delete()
    StatusReport.objects.all().delete()
    FollowUpRound.objects.all().delete()
    Placement.objects.all().delete()
    Activity.all_objects.update(carried_over_from=None, parent=None)
    Activity.all_objects.all().delete()
    Assignment.objects.all().delete()
    BoardGoal.objects.all().delete()
    MunicipalGoal.objects.all().delete()
    Plan.all_objects.all().delete()
    Membership.objects.all().delete()
    Board.objects.all().delete()
    Administration.objects.all().delete()
    ChangeRecord.objects.all().delete()


def test_the_demo_exports_loads_into_an_empty_database_and_exports_identically(tmp_path):
    call_command("demo", "--no-serve")
    first = tmp_path / "a.json"
    call_command("export", "--all", "-o", str(first))
    empty_the_database()

    call_command("load", str(first))

    again = tmp_path / "b.json"
    call_command("export", "--all", "-o", str(again))
    assert again.read_bytes() == first.read_bytes()
    parts = Activity.objects.filter(parent__isnull=False)
    assert parts.count() >= 3
    assert not Placement.objects.filter(activity__in=parts).exists()  # where their parent is


def test_a_loaded_plan_has_a_change_record_for_every_row_it_created(demo):
    document = json.loads(dumps(export_plans([demo["plans"][2024].pk])))
    empty_the_database()

    (plan,) = load_document(document=read_document(document), by=demo["users"]["admin"])

    for rows in (
        [plan.administration],
        plan.boards.all(),
        [plan],
        plan.municipal_goals.all(),
        plan.board_goals.all(),
        plan.assignments.all(),
        plan.activities.all(),
        plan.rounds.all(),
    ):
        for row in rows:
            record = ChangeRecord.objects.get(
                object_id=str(row.pk),
                action=ChangeRecord.Action.CREATED,
                object_repr=str(row)[:300],
            )
            assert record.changed_by == demo["users"]["admin"]


def test_a_plan_imported_from_a_report_exports_and_loads(tmp_path, controller):
    path = write_report(tmp_path)
    load_parsed_document(parsed=parse_document(path), by=controller, sha256=file_sha256(path))
    first = dumps(export_plans())
    empty_the_database()

    load_document(document=read_document(json.loads(first)), by=None)

    assert dumps(export_plans()) == first
    without_status = [
        report
        for round in json.loads(first)["plans"][0]["rounds"]
        for report in round["reports"]
        if report["status"] is None
    ]
    assert StatusReport.objects.filter(status__isnull=True).count() == len(without_status)
