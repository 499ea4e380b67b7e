"""Loading a parsed object plan: all or nothing, idempotent, updates traced, nothing deleted."""

import dataclasses
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from vplan.audit.models import ChangeRecord
from vplan.imports.read_objectplan import parse_object_plan, parse_object_plan_text
from vplan.imports.tests.test_read_objectplan import SMALL_PLAN
from vplan.objectplans.load import ObjectPlanLoadError, load_parsed_object_plan
from vplan.objectplans.models import (
    BudgetLine,
    GoverningDocument,
    ITObject,
    ObjectPlan,
    ObjectPlanActivity,
    ObjectPlanVersion,
)
from vplan.testing.factories import make_activity, make_board, make_plan


def counts() -> dict:
    return {
        model.__name__: model.all_objects.count()
        if hasattr(model, "all_objects")
        else model.objects.count()
        for model in (
            ITObject,
            ObjectPlan,
            ObjectPlanVersion,
            GoverningDocument,
            ObjectPlanActivity,
            BudgetLine,
        )
    }


@pytest.fixture
def parsed():
    return parse_object_plan_text(SMALL_PLAN, source="small.md")


def test_a_new_object_and_plan_are_created(parsed, administration, controller):
    result = load_parsed_object_plan(parsed=parsed, by=controller, administration=administration)
    plan = result.object_plan
    assert plan.it_object.short_name == "SO"
    assert plan.it_object.administration == administration
    assert plan.year == 2025
    assert plan.versions.count() == 3
    assert plan.budget().total == Decimal("1500.50")
    assert plan.allocation_keys.get().label == "SKN/OMN 60/40"
    assert plan.goal_areas.get(unit="SK").goals.filter(parent__isnull=False).count() == 2
    assert result.created > 0 and result.changed == 0


def test_importing_twice_does_not_duplicate(parsed, administration, controller):
    load_parsed_object_plan(parsed=parsed, by=controller, administration=administration)
    before = counts()
    records = ChangeRecord.objects.count()
    again = load_parsed_object_plan(parsed=parsed, by=controller, administration=administration)
    assert counts() == before
    assert ChangeRecord.objects.count() == records
    assert not again.changed_anything


def test_importing_the_shared_object_plan_twice_does_not_duplicate(
    object_plan_seed, administration
):
    parsed = parse_object_plan(object_plan_seed)
    load_parsed_object_plan(parsed=parsed, by=None, administration=administration)
    before = counts()
    load_parsed_object_plan(parsed=parse_object_plan(object_plan_seed), by=None)
    assert counts() == before


def test_a_changed_document_updates_adds_and_soft_deletes_with_a_trace(
    parsed, administration, controller
):
    first = load_parsed_object_plan(parsed=parsed, by=controller, administration=administration)
    changed = dataclasses.replace(
        parsed,
        governing_documents=[
            dataclasses.replace(parsed.governing_documents[0], document="Ny skolplan")
        ],
        budget_lines=[
            dataclasses.replace(parsed.budget_lines[0], amount=Decimal("800.35")),
            *parsed.budget_lines[1:],
        ],
    )
    result = load_parsed_object_plan(parsed=changed, by=controller)
    plan = first.object_plan
    assert result.object_plan == plan
    assert list(plan.governing_documents.values_list("title", flat=True)) == ["Ny skolplan"]
    removed = GoverningDocument.all_objects.get(object_plan=plan, number=2)
    assert removed.is_deleted and removed.deleted_by == controller
    assert plan.budget().total == Decimal("1600.50")
    line = plan.budget_lines.get(board__code="SKN", kind="VM")
    record = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(BudgetLine), object_id=str(line.pk)
    ).first()
    assert record.action == "changed" and record.changed_by == controller
    assert record.changes == {"amount": ["700.35", "800.35"]}


def test_a_failing_load_writes_nothing(parsed, administration):
    broken = dataclasses.replace(
        parsed,
        versions=[*parsed.versions, dataclasses.replace(parsed.versions[0], version="one")],
    )
    with pytest.raises(ObjectPlanLoadError, match="number"):
        load_parsed_object_plan(parsed=broken, by=None, administration=administration)
    assert counts() == {name: 0 for name in counts()}
    assert not ChangeRecord.objects.exists()


def test_a_new_object_needs_an_administration_when_no_board_tells(parsed, db):
    with pytest.raises(ObjectPlanLoadError, match="--administration"):
        load_parsed_object_plan(parsed=parsed, by=None)


def test_the_administration_is_taken_from_the_boards_it_knows(parsed, administration):
    make_board(code="SKN", administration=administration)
    result = load_parsed_object_plan(parsed=parsed, by=None)
    assert result.object_plan.it_object.administration == administration


def test_boards_unknown_to_vplan_are_created_with_their_code(parsed, administration):
    load_parsed_object_plan(parsed=parsed, by=None, administration=administration)
    from vplan.organisation.models import Board

    assert set(
        Board.objects.filter(code__in=["SKN", "OMN"]).values_list("display_code", flat=True)
    ) == {
        "SKN",
        "OMN",
    }


def test_an_object_of_another_administration_is_refused(parsed, administration):
    load_parsed_object_plan(parsed=parsed, by=None, administration=administration)
    from vplan.testing.factories import make_administration

    with pytest.raises(ObjectPlanLoadError, match="belongs to"):
        load_parsed_object_plan(parsed=parsed, by=None, administration=make_administration())


def test_an_activity_with_the_same_text_in_a_plan_of_the_year_is_linked(parsed, administration):
    plan = make_plan(administration=administration, year=2025)
    activity = make_activity(plan=plan, text="Digitala  larm")
    make_activity(plan=make_plan(year=2024), text="Införa nytt schemasystem")  # another year
    result = load_parsed_object_plan(parsed=parsed, by=None, administration=administration)
    assert result.linked == 1
    linked = ObjectPlanActivity.objects.get(text="Digitala larm")
    assert linked.activity == activity
    assert ObjectPlanActivity.objects.get(text="Införa nytt schemasystem").activity is None


def test_an_approval_made_in_vplan_survives_a_reimport(parsed, administration, controller):
    import datetime

    from vplan.objectplans.approval import approve_object_plan_version

    plan = load_parsed_object_plan(
        parsed=parsed, by=None, administration=administration
    ).object_plan
    approve_object_plan_version(
        object_plan=plan, state="decided", by=controller, approved_on=datetime.date(2024, 12, 10)
    )
    load_parsed_object_plan(parsed=parsed, by=None)
    decided = plan.versions.get(number="1.0")
    assert decided.date == datetime.date(2024, 12, 10)
    assert decided.approved_by == controller
