"""The outline of a round's report (what the report page and the API's report read): laid out
from plain values, its rows read only when shown, and the same report as build_report's."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vplan.plans.models import Activity
from vplan.reports.document import (
    LineRef,
    build_report,
    read_lines,
    read_rows,
    report_outline,
)
from vplan.testing.factories import make_activity, report


def every_row(built) -> list:
    return [
        row
        for perspective in built.perspectives
        for section in perspective.sections
        for group in section.groups
        for row in group.rows
    ]


@pytest.fixture
def varied_round(report_data, plan, board):
    """The report's every feature, with an activity placed nowhere, a deleted one, an unplaced
    part of the activity that stands in two places and an end date left empty."""
    orphan = make_activity(plan=plan, text="Utan plats", decided_end="")
    orphan.placements.all().delete()
    deleted = make_activity(plan=plan, text="Borttagen", board_goal=report_data.learning)
    Activity.all_objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    part = Activity.objects.create(plan=plan, text="Del av delad", parent=report_data.shared)
    part.boards.set([board])
    report(activity=part, round=report_data.round, status="Pågående", comment="Påbörjad.")
    return report_data.round


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_outline_with_every_row_read_is_the_built_report(varied_round, language):
    built = build_report(round=varied_round, language=language)
    outline = report_outline(round=varied_round, language=language)
    assert all(isinstance(row, LineRef) for row in every_row(outline) if not row.is_assignment)
    assert outline.records == []
    read = read_lines(outline.perspectives, round=varied_round, language=language)
    assert dataclasses.replace(outline, perspectives=read, records=built.records) == built


def test_rows_are_read_as_the_built_report_holds_them(varied_round):
    built = build_report(round=varied_round, language="sv")
    outline = report_outline(round=varied_round, language="sv")
    rows = every_row(outline)
    assert read_rows(rows[2:5], round=varied_round, language="sv") == every_row(built)[2:5]


def test_reading_rows_takes_three_queries_however_many(varied_round, plan):
    outline = report_outline(round=varied_round, language="sv")
    rows = every_row(outline)
    with CaptureQueriesContext(connection) as few:
        read_rows(rows[:1], round=varied_round, language="sv")
    for number in range(30):
        make_activity(plan=plan, text=f"Fler {number}")
    outline = report_outline(round=varied_round, language="sv")
    with CaptureQueriesContext(connection) as many:
        read_rows(every_row(outline), round=varied_round, language="sv")
    assert len(few) == len(many) == 3


def test_the_outline_takes_the_same_queries_for_a_larger_plan(varied_round, plan):
    with CaptureQueriesContext(connection) as small:
        report_outline(round=varied_round, language="sv")
    for number in range(30):
        activity = make_activity(plan=plan, text=f"Fler {number}")
        report(activity=activity, round=varied_round, status="Pågående")
    with CaptureQueriesContext(connection) as large:
        report_outline(round=varied_round, language="sv")
    assert len(small) == len(large)
