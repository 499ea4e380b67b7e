import datetime

import pytest
from django.db import IntegrityError

from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.reporting import RoundNotOpen, StatusConflict, submit_status_report
from vplan.testing.factories import make_activity, make_round, report


def test_two_changes_give_two_rows_and_the_newest_wins(plan, editor):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan)

    first = report(
        activity=activity, round=round, status="Pågående", comment="Start", author=editor
    )
    second = report(
        activity=activity, round=round, status="Genomfört", comment="Klart", author=editor
    )

    rows = StatusReport.objects.filter(activity=activity, round=round).order_by("version")
    assert [(r.version, r.status.name, r.comment) for r in rows] == [
        (1, "Pågående", "Start"),
        (2, "Genomfört", "Klart"),
    ]
    current = StatusReport.objects.in_round(round).current().get()
    assert current.pk == second.pk
    assert current.author == editor
    first.refresh_from_db()
    assert first.comment == "Start"


def test_a_report_is_never_overwritten(plan):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan)
    first = report(activity=activity, round=round)
    first.comment = "changed"
    with pytest.raises(ValueError):
        first.save()
    assert StatusReport.objects.get(pk=first.pk).comment == ""


def test_a_stale_save_is_refused_with_a_conflict_and_nothing_is_lost(plan, editor, controller):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan)
    ongoing = Status.objects.get(name="Pågående")
    done = Status.objects.get(name="Genomfört")
    submit_status_report(
        activity=activity,
        round=round,
        author=editor,
        status=ongoing,
        comment="A",
        expected_version=0,
    )

    with pytest.raises(StatusConflict) as conflict:
        submit_status_report(
            activity=activity,
            round=round,
            author=controller,
            status=done,
            comment="B",
            expected_version=0,
        )

    assert conflict.value.current.comment == "A"
    assert StatusReport.objects.filter(activity=activity).count() == 1


def test_the_database_refuses_two_reports_with_the_same_version(plan):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan)
    report(activity=activity, round=round)
    with pytest.raises(IntegrityError):
        StatusReport.objects.create(
            activity=activity, round=round, version=1, status=Status.objects.first()
        )


def test_a_closed_round_takes_no_reports(plan, editor):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan, state=FollowUpRound.State.CLOSED)
    with pytest.raises(RoundNotOpen):
        submit_status_report(
            activity=activity,
            round=round,
            author=editor,
            status=Status.objects.get(name="Pågående"),
            comment="",
            expected_version=0,
        )


def test_a_round_can_be_read_as_of_an_earlier_moment(plan):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan)
    early = datetime.datetime(2024, 3, 20, 10, 0, tzinfo=datetime.UTC)
    late = datetime.datetime(2024, 3, 28, 10, 0, tzinfo=datetime.UTC)
    for version, (moment, status) in enumerate([(early, "Pågående"), (late, "Genomfört")]):
        submit_status_report(
            activity=activity,
            round=round,
            author=None,
            status=Status.objects.get(name=status),
            comment="",
            expected_version=version,
            created_at=moment,
        )
    as_known = StatusReport.objects.in_round(round).current(
        as_of=early + datetime.timedelta(days=1)
    )
    assert as_known.get().status.name == "Pågående"
    assert StatusReport.objects.in_round(round).current().get().status.name == "Genomfört"
