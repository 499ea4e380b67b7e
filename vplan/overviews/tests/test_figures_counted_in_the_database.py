"""The overviews count in the database: the rules the counting in Python followed still hold
(the newest report counts, per round, as the reader may see it; a part stands where its activity
stands if that activity is counted; a board filter keeps each activity's every board), and the
long lists read only the rows of the page asked for."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vplan.followups.models import FollowUpRound
from vplan.overviews import figures
from vplan.overviews.figures import (
    chronic_activities,
    load_rows,
    overdue_activities,
    status_table,
)
from vplan.plans.models import Activity
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board,
    make_plan,
    make_round,
    report,
)

pytestmark = pytest.mark.django_db

SEES_EVERYTHING = SimpleNamespace(is_superuser=True, is_authenticated=True)


def counts(table) -> dict:
    return {group.label: dict(+group.counts) for group in table.groups}


def test_the_newest_report_of_each_round_counts_and_deleted_activities_do_not(plan):
    spring = make_round(plan=plan, as_of=datetime.date(2024, 3, 31))
    autumn = make_round(plan=plan, as_of=datetime.date(2024, 8, 31))
    corrected = make_activity(plan=plan, text="Rättad")
    report(activity=corrected, round=autumn, status="Pågående")
    report(activity=corrected, round=autumn, status="Genomfört")
    report(activity=corrected, round=spring, status="Kvarstår")  # older round, newer row
    deleted = make_activity(plan=plan, text="Borttagen")
    report(activity=deleted, round=autumn, status="Genomfört")
    Activity.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())

    latest = status_table(load_rows(user=SEES_EVERYTHING, plans=[plan]))
    in_spring = status_table(load_rows(user=SEES_EVERYTHING, plans=[plan], round=spring))

    assert dict(+latest.total.counts) == {"done": 1}
    assert dict(+in_spring.total.counts) == {"not_started": 1}


def test_the_public_counts_a_reopened_round_as_it_was_published(plan):
    round = make_round(plan=plan, as_of=datetime.date(2024, 8, 31))
    activity = make_activity(plan=plan, text="Publicerad som pågående")
    report(activity=activity, round=round, status="Pågående")
    published_at = timezone.now()
    FollowUpRound.objects.filter(pk=round.pk).update(
        state=FollowUpRound.State.OPEN,
        first_published_at=published_at,
        last_published_at=published_at,
    )
    report(activity=activity, round=round, status="Genomfört")  # after the publication

    public = status_table(load_rows(user=AnonymousUser(), plans=[plan]))
    members = status_table(load_rows(user=SEES_EVERYTHING, plans=[plan]))

    assert dict(+public.total.counts) == {"ongoing": 1}
    assert dict(+members.total.counts) == {"done": 1}


def test_a_board_filter_still_counts_each_activity_under_each_of_its_boards(administration):
    bin_, bou = (make_board(code=c, administration=administration) for c in ("BIN", "BOU"))
    plan = make_plan(administration=administration, boards=[bin_, bou])
    make_activity(plan=plan, text="Båda nämnderna", boards=[bin_, bou])
    make_activity(plan=plan, text="Bara BoU", boards=[bou])

    table = status_table(load_rows(user=SEES_EVERYTHING, plans=[plan], board=bin_), by="board")

    assert counts(table) == {"BIN": {"none": 1}, "BOU": {"none": 1}}
    assert table.total.total == 1


def test_a_part_stands_where_its_activity_stands_if_that_activity_is_counted(administration):
    bin_, bou = (make_board(code=c, administration=administration) for c in ("BIN", "BOU"))
    plan = make_plan(administration=administration, boards=[bin_, bou])
    assignment = make_assignment(plan=plan, number=7, text="Uppdraget")
    parent = make_activity(plan=plan, text="Helheten", boards=[bou], assignment=assignment)
    part = Activity.objects.create(plan=plan, text="Delen", parent=parent)
    part.boards.set([bin_])

    everything = status_table(load_rows(user=SEES_EVERYTHING, plans=[plan]), by="assignment")
    of_bin = status_table(
        load_rows(user=SEES_EVERYTHING, plans=[plan], board=bin_), by="assignment"
    )

    assert counts(everything) == {"7. Uppdraget": {"none": 2}}
    # its activity is not BiN's, so the part stands in no assignment of BiN's overview
    assert "7. Uppdraget" not in counts(of_bin)
    assert list(counts(of_bin).values()) == [{"none": 1}]


def test_a_page_of_a_long_list_reads_only_its_rows(plan):
    round = make_round(plan=plan, as_of=datetime.date(2024, 12, 31))
    for n in range(30):
        activity = make_activity(plan=plan, text=f"Sen {n:02}", decided_end="Mars")
        report(activity=activity, round=round, status="Pågående")
    overdue = overdue_activities(
        load_rows(user=SEES_EVERYTHING, plans=[plan]), today=datetime.date(2024, 6, 1)
    )

    with CaptureQueriesContext(connection) as reading:
        page = overdue[10:20]

    assert len(overdue) == 30
    assert [row.text for row in page] == [f"Sen {n:02}" for n in range(10, 20)]
    assert len(reading.captured_queries) == 2  # the page's rows, their boards
    assert [row.text for row in overdue] == [f"Sen {n:02}" for n in range(30)]


def test_a_whole_long_list_is_read_in_parts_in_its_order(plan, monkeypatch):
    round = make_round(plan=plan, as_of=datetime.date(2024, 12, 31))
    for n in range(30):
        activity = make_activity(plan=plan, text=f"Sen {n:02}", decided_end="Mars")
        report(activity=activity, round=round, status="Pågående")
    monkeypatch.setattr(figures, "READ_AT_ONCE", 7)  # a CSV of 30 rows read 7 at a time
    overdue = overdue_activities(
        load_rows(user=SEES_EVERYTHING, plans=[plan]), today=datetime.date(2024, 6, 1)
    )

    with CaptureQueriesContext(connection) as reading:
        texts = [row.text for row in overdue]

    assert texts == [f"Sen {n:02}" for n in range(30)]
    assert len(reading.captured_queries) == 2 * 5  # five parts, two queries each


def test_a_chain_is_followed_once_however_long(administration, board):
    plans = [
        make_plan(administration=administration, year=y, boards=[board]) for y in range(2021, 2025)
    ]
    previous = None
    for plan in plans:
        previous = make_activity(plan=plan, text="Evig", carried_over_from=previous)
    history = load_rows(user=SEES_EVERYTHING, plans=plans)

    every_year = chronic_activities(history, history=history)
    newest = chronic_activities(history, history=history, newest_of_each_chain=True)

    assert [(c.row.year, c.times_carried_over, c.first_year) for c in every_year] == [
        (2024, 3, 2021),
        (2023, 2, 2021),
    ]
    assert [c.row.id for c in newest] == [previous.pk]
    assert newest.per_board[0].count == 1
