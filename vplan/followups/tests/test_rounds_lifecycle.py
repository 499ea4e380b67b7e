import datetime

import pytest
from django.core.exceptions import ValidationError

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.followups.access import can_read_plan, can_read_round, can_report_in_round
from vplan.followups.models import FollowUpRound, Status
from vplan.followups.reporting import RoundNotOpen, submit_status_report
from vplan.followups.round_lifecycle import (
    RoundStateError,
    close_round,
    create_round,
    open_round,
    publish_round,
    reopen_round,
    update_round,
    update_round_introduction,
)
from vplan.plans.models import Plan
from vplan.testing.factories import make_activity, make_plan, make_round, report

pytestmark = pytest.mark.django_db
State = FollowUpRound.State


def test_a_new_round_is_open_and_recorded(plan, controller):
    round = create_round(
        plan=plan,
        label=" Uppföljning per 31 mars ",
        as_of=datetime.date(2024, 3, 31),
        reporting_deadline=datetime.date(2024, 4, 12),
        by=controller,
    )
    assert round.state == State.OPEN and round.label == "Uppföljning per 31 mars"
    record = history_of(round).get()
    assert record.action == ChangeRecord.Action.CREATED and record.changed_by == controller


def test_a_draft_plan_has_no_rounds(controller):
    plan = make_plan(state=Plan.State.DRAFT)
    with pytest.raises(RoundStateError) as error:
        create_round(
            plan=plan, label="Per 31 mars", as_of=datetime.date(2024, 3, 31), by=controller
        )
    assert "plan" in error.value.message_dict


def test_bad_dates_and_labels_are_refused_by_field(plan, controller):
    make_round(plan=plan, as_of=datetime.date(2024, 3, 31))
    with pytest.raises(ValidationError) as error:
        create_round(plan=plan, label="Igen", as_of=datetime.date(2024, 3, 31), by=controller)
    assert "as_of" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_round(
            plan=plan,
            label="Per 31 augusti",
            as_of=datetime.date(2024, 8, 31),
            reporting_deadline=datetime.date(2024, 8, 1),
            by=controller,
        )
    assert "reporting_deadline" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create_round(plan=plan, label=" ", as_of=datetime.date(2024, 8, 31), by=controller)
    assert "label" in error.value.message_dict


def test_close_publish_reopen(plan, controller, reader):
    round = make_round(plan=plan)
    close_round(round=round, by=controller)
    assert not round.accepts_reports
    publish_round(round=round, by=controller)
    round.refresh_from_db()
    assert round.state == State.PUBLISHED
    reopen_round(round=round, by=controller)
    round.refresh_from_db()
    assert round.state == State.OPEN
    states = [r.changes["state"] for r in history_of(round).order_by("id")]
    assert states == [["open", "closed"], ["closed", "published"], ["published", "open"]]


def test_closed_round_is_opened_again(plan, controller):
    round = make_round(plan=plan, state=State.CLOSED)
    open_round(round=round, by=controller)
    round.refresh_from_db()
    assert round.state == State.OPEN


@pytest.mark.parametrize(
    "state, move",
    [
        (State.OPEN, publish_round),
        (State.OPEN, open_round),
        (State.OPEN, reopen_round),
        (State.CLOSED, close_round),
        (State.PUBLISHED, close_round),
        (State.PUBLISHED, open_round),
        (State.PUBLISHED, publish_round),
    ],
)
def test_moves_the_state_does_not_allow_are_refused(plan, controller, state, move):
    round = make_round(plan=plan, state=state)
    with pytest.raises(RoundStateError) as error:
        move(round=round, by=controller)
    assert "state" in error.value.message_dict
    round.refresh_from_db()
    assert round.state == state
    assert not history_of(round).exists()


def test_a_closed_round_takes_no_reports(plan, editor, controller):
    activity = make_activity(plan=plan)
    round = make_round(plan=plan)
    close_round(round=round, by=controller)
    with pytest.raises(RoundNotOpen):
        submit_status_report(
            activity=activity,
            round=round,
            author=editor,
            status=Status.objects.get(name="Pågående"),
            comment="",
            expected_version=0,
        )
    assert not can_report_in_round(editor, activity, round)


def test_published_round_is_readable_without_signing_in(plan, controller):
    from django.contrib.auth.models import AnonymousUser

    round = make_round(plan=plan, state=State.CLOSED)
    report(activity=make_activity(plan=plan), round=round)
    assert not can_read_round(AnonymousUser(), round)
    publish_round(round=round, by=controller)
    assert can_read_round(AnonymousUser(), round)
    assert can_read_plan(AnonymousUser(), plan)


def test_label_deadline_and_introduction_are_updated_with_trail(plan, controller):
    round = make_round(plan=plan)
    update_round(
        round=round,
        label="Delårsrapport",
        reporting_deadline=datetime.date(2024, 4, 15),
        by=controller,
    )
    update_round_introduction(
        round=round, introduction="  Uppföljningen har fokus på ...  ", by=controller
    )
    round.refresh_from_db()
    assert round.label == "Delårsrapport"
    assert round.introduction == "Uppföljningen har fokus på ..."
    assert history_of(round).count() == 2
    update_round(round=round, reporting_deadline=None, by=controller)
    round.refresh_from_db()
    assert round.reporting_deadline is None
