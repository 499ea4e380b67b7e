"""The exchange format: export an object plan, load it back; same plan, nothing duplicated."""

import json
from decimal import Decimal

import pytest

from vplan.imports.read_objectplan import parse_object_plan_text
from vplan.imports.tests.test_read_objectplan import SMALL_PLAN
from vplan.objectplans.budgeting import add_shared_budget_post
from vplan.objectplans.exchange import (
    dumps_exchange,
    export_object_plan,
    load_object_plan_exchange,
    read_exchange,
)
from vplan.objectplans.load import load_parsed_object_plan
from vplan.testing.factories import make_activity, make_administration, make_board


@pytest.fixture
def loaded(administration, plan, controller):
    parsed = parse_object_plan_text(SMALL_PLAN, source="small.md")
    object_plan = load_parsed_object_plan(
        parsed=parsed, by=None, administration=administration
    ).object_plan
    item = object_plan.activities.first()
    activity = make_activity(plan=plan, text="Nytt schemasystem")
    item.activity = activity
    item.save(update_fields=["activity"])
    key = object_plan.allocation_keys.get()
    add_shared_budget_post(
        object_plan=object_plan, key=key, kind="VU", amount=Decimal("0.05"), by=controller
    )
    return object_plan


def test_amounts_are_exact_strings_and_activities_named_by_uid(loaded):
    data = json.loads(dumps_exchange(loaded))
    assert data["format"] == "vplan-objectplan" and data["version"] == 1
    assert data["administration"] == "TF"
    plan = data["object_plan"]
    assert plan["previous_year_forecast"] == "1200.00"
    assert {line["amount"] for line in plan["budget_lines"]} >= {"700.35", "0.03", "0.02"}
    assert plan["activities"][0]["activity_uid"] == str(loaded.activities.first().activity.uid)
    assert plan["allocation_keys"][0]["shares"] == ["60", "40"]


def test_loading_the_export_into_the_same_vplan_changes_nothing(loaded):
    result = load_object_plan_exchange(data=export_object_plan(loaded), by=None)
    assert result.object_plan == loaded
    assert not result.changed_anything


def test_loading_the_export_as_a_new_object_gives_the_same_plan(loaded):
    data = export_object_plan(loaded)
    data["object_plan"].update(object="Kopia", object_short="KOPIA")
    copy = load_object_plan_exchange(data=data, by=None).object_plan
    assert copy != loaded
    assert copy.budget() == loaded.budget()
    assert copy.shared_posts.get().lines.count() == 2
    assert copy.activities.first().activity == loaded.activities.first().activity
    assert export_object_plan(copy)["object_plan"] == data["object_plan"]


def test_an_activity_uid_vplan_does_not_have_is_refused(loaded):
    from vplan.objectplans.load import ObjectPlanLoadError

    data = export_object_plan(loaded)
    data["object_plan"]["activities"][0]["activity_uid"] = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(ObjectPlanLoadError, match="does not have"):
        load_object_plan_exchange(data=data, by=None)


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="something"), "Not an object plan exchange file"),
        (lambda d: d.update(version=99), "version 99"),
        (lambda d: d["object_plan"].update(period_start="2025-13-01"), "malformed"),
        (lambda d: d["object_plan"].update(colour="red"), "Unknown fields"),
        (lambda d: d["object_plan"]["budget_lines"][0].update(amount="12,5 kr"), "malformed"),
        (lambda d: d["object_plan"].update(previous_year_forecast=1200.5), "not floats"),
    ],
)
def test_a_malformed_file_is_refused_saying_why(loaded, mutate, message):
    data = export_object_plan(loaded)
    mutate(data)
    with pytest.raises(ValueError, match=message):
        read_exchange(data)


def test_the_administration_of_the_file_is_used_for_a_new_object(loaded):
    other = make_administration(short_code="OTH")
    data = export_object_plan(loaded)
    data["administration"] = "OTH"
    data["object_plan"]["object_short"] = "NYTT"
    make_board(code="SKN")
    result = load_object_plan_exchange(data=data, by=None)
    assert result.object_plan.it_object.administration == other
