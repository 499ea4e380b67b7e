"""record_change: one change record, written once, dated now or at the moment given."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import UNCHANGED, history_of, record_change, update_with_trail
from vplan.testing.factories import make_activity

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))


def test_a_change_is_dated_at_the_moment_given_in_one_write(plan, controller):
    activity = make_activity(plan=plan, text="Kartlägga läsförmågan")
    moment = datetime.datetime(2019, 3, 14, 9, 30, tzinfo=STOCKHOLM)

    with CaptureQueriesContext(connection) as queries:
        record_change(
            obj=activity,
            by=controller,
            action=ChangeRecord.Action.CHANGED,
            changes={"text": ("Kartlägga", "Kartlägga läsförmågan")},
            at=moment,
        )

    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(writes) == 1 and writes[0].lstrip().upper().startswith("INSERT")
    record = history_of(activity).get(action=ChangeRecord.Action.CHANGED)
    assert record.changed_at == moment
    assert record.changed_by == controller
    assert record.changes == {"text": ["Kartlägga", "Kartlägga läsförmågan"]}


def test_without_a_moment_a_change_is_dated_now(plan, controller):
    activity = make_activity(plan=plan)
    now = datetime.datetime(2025, 1, 7, 8, 0, tzinfo=datetime.UTC)

    with time_machine.travel(now, tick=False):
        record_change(obj=activity, by=controller, action=ChangeRecord.Action.CHANGED)

    assert history_of(activity).get(action=ChangeRecord.Action.CHANGED).changed_at == now


def test_a_field_left_unchanged_is_not_touched(plan, controller):
    activity = make_activity(plan=plan, text="Före", decided_end="Juni")

    changes = update_with_trail(obj=activity, by=controller, text="Efter", decided_end=UNCHANGED)

    activity.refresh_from_db()
    assert list(changes) == ["text"]
    assert activity.text == "Efter" and str(activity.decided_end) == "Juni"
