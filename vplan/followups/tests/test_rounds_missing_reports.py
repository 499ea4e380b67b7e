import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.followups.models import FollowUpRound
from vplan.followups.progress import (
    activities_missing_report,
    missing_report_counts,
    missing_reports_by_board,
)
from vplan.plans.editing import delete_activity
from vplan.testing.factories import make_activity, make_round, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(plan, board, other_board):
    return {
        "bin": make_activity(plan=plan, boards=[board], text="BiN ensam"),
        "bou": make_activity(plan=plan, boards=[other_board], text="BoU ensam"),
        "both": make_activity(plan=plan, boards=[board, other_board], text="Gemensam"),
        "done": make_activity(plan=plan, boards=[board], text="Rapporterad"),
    }


def test_who_has_not_reported_per_board(plan, activities):
    round = make_round(plan=plan)
    report(activity=activities["done"], round=round)
    groups = {group.board.display_code: group for group in missing_reports_by_board(round=round)}
    assert [a.text for a in groups["BiN"].activities] == ["BiN ensam", "Gemensam"]
    assert [a.text for a in groups["BoU"].activities] == ["BoU ensam", "Gemensam"]
    assert groups["BiN"].count == 2


def test_a_report_in_another_round_does_not_count(plan, activities):
    earlier = make_round(plan=plan)
    later = make_round(plan=plan, as_of=earlier.as_of.replace(month=8, day=31))
    report(activity=activities["bin"], round=earlier)
    assert activities["bin"] in activities_missing_report(round=later)


def test_deleted_activities_are_not_missing(plan, activities, controller):
    round = make_round(plan=plan)
    delete_activity(activity=activities["bin"], by=controller)
    assert activities["bin"] not in activities_missing_report(round=round)


def test_counts_for_a_user_cover_only_what_they_may_edit(
    plan, activities, editor, controller, reader, outsider
):
    round = make_round(plan=plan)
    report(activity=activities["done"], round=round)
    rounds = FollowUpRound.objects.select_related("plan__administration")
    assert missing_report_counts(user=editor, rounds=rounds) == {round.pk: 2}
    assert missing_report_counts(user=controller, rounds=rounds) == {round.pk: 3}
    assert missing_report_counts(user=reader, rounds=rounds) == {round.pk: 0}
    assert missing_report_counts(user=outsider, rounds=rounds) == {round.pk: 0}


def test_queries_do_not_grow_with_the_plan(plan, board, other_board, controller):
    round = make_round(plan=plan)
    make_activity(plan=plan, boards=[board])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            missing_reports_by_board(round=FollowUpRound.objects.get(pk=round.pk))
        return len(queries)

    small = count_queries()
    for _ in range(30):
        make_activity(plan=plan, boards=[board, other_board])
    assert count_queries() == small
