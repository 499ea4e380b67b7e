"""An object plan activity linked to a plan's activity shows the same status in the object plan
report as the activity has in the follow-up: one status serves both."""

import datetime
import io

import pytest
from docx import Document

from vplan.followups.models import StatusReport
from vplan.objectplans.object_plan_activities import link_object_plan_activity
from vplan.objectplans.render_docx import render_docx
from vplan.objectplans.report import build_object_plan_report
from vplan.objectplans.tests.factories import make_object_plan, make_object_plan_activity
from vplan.testing.factories import make_activity, make_round, report


@pytest.fixture
def linked(plan, it_object, controller):
    """A plan activity reported in two rounds (twice in the second), linked from the object plan."""
    activity = make_activity(plan=plan, text="Införa nytt elevregister")
    spring = make_round(plan=plan, as_of=datetime.date(plan.year, 3, 31))
    summer = make_round(plan=plan, as_of=datetime.date(plan.year, 8, 31))
    report(activity=activity, round=spring, status="Kvarstår")
    report(activity=activity, round=summer, status="Pågående")
    report(activity=activity, round=summer, status="Genomfört", comment="Klart i juni")
    object_plan = make_object_plan(it_object=it_object, year=plan.year)
    item = make_object_plan_activity(object_plan=object_plan, text="Nytt elevregister")
    link_object_plan_activity(item=item, activity=activity, by=controller)
    return {"object_plan": object_plan, "activity": activity, "round": summer, "item": item}


def current_status(activity, round) -> str:
    return StatusReport.objects.current().get(activity=activity, round=round).display_status


def test_the_object_plan_report_shows_the_current_status_of_the_linked_activity(linked):
    statuses = build_object_plan_report(object_plan=linked["object_plan"]).activity_statuses()
    assert statuses == {"Nytt elevregister": "Genomfört"}
    assert statuses["Nytt elevregister"] == current_status(linked["activity"], linked["round"])


def test_the_follow_up_report_shows_the_same_status(linked):
    document = pytest.importorskip("vplan.reports.document")
    follow_up = document.build_report(round=linked["round"])
    rows = [record for record in follow_up.records if record.activity_id == linked["activity"].pk]
    assert rows
    ours = build_object_plan_report(object_plan=linked["object_plan"]).activity_statuses()
    assert {row.status for row in rows} == {ours["Nytt elevregister"]}


def test_a_new_report_on_the_activity_changes_the_object_plan_too(linked):
    report(activity=linked["activity"], round=linked["round"], status="Pausad")
    statuses = build_object_plan_report(object_plan=linked["object_plan"]).activity_statuses()
    assert (
        statuses["Nytt elevregister"]
        == "Pausad"
        == current_status(linked["activity"], linked["round"])
    )


def test_the_word_file_shows_the_status_in_the_activity_row(linked):
    document = Document(
        io.BytesIO(render_docx(build_object_plan_report(object_plan=linked["object_plan"])))
    )
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["UF", "Nytt elevregister", "Genomfört"] in rows


def test_an_unlinked_activity_has_no_status(object_plan):
    make_object_plan_activity(object_plan=object_plan, text="Eget arbete")
    assert build_object_plan_report(object_plan=object_plan).activity_statuses() == {
        "Eget arbete": ""
    }


def test_only_an_activity_of_the_same_year_can_be_linked(linked, controller):
    from django.core.exceptions import ValidationError

    from vplan.testing.factories import make_plan

    other_year = make_activity(plan=make_plan(year=linked["object_plan"].year + 1))
    with pytest.raises(ValidationError, match="Link an activity"):
        link_object_plan_activity(item=linked["item"], activity=other_year, by=controller)


def test_the_statuses_of_many_activities_are_read_in_a_fixed_number_of_queries(
    linked, plan, django_assert_max_num_queries
):
    from vplan.objectplans.models import ObjectPlanActivity

    for number in range(10):
        make_object_plan_activity(
            object_plan=linked["object_plan"], activity=make_activity(plan=plan, text=f"A{number}")
        )
    with django_assert_max_num_queries(4):
        items = list(
            ObjectPlanActivity.objects.filter(
                object_plan=linked["object_plan"]
            ).with_linked_status()
        )
        statuses = [item.status_display for item in items]
    assert statuses[0] == "Genomfört"
