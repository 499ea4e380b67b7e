import datetime
import json
from io import StringIO

from django.core.management import call_command

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import make_round


def test_rounds_are_listed_with_id_plan_date_and_state(plan):
    march = make_round(plan=plan, as_of=datetime.date(2024, 3, 31), label="Uppföljning per 31 mars")
    august = make_round(
        plan=plan,
        as_of=datetime.date(2024, 8, 31),
        label="Delårsrapport per 31 augusti",
        state=FollowUpRound.State.CLOSED,
    )

    out = StringIO()
    call_command("rounds", "--json", stdout=out)
    rows = json.loads(out.getvalue())

    assert [(r["id"], r["plan_id"], r["as_of"], r["state"]) for r in rows] == [
        (march.pk, plan.pk, "2024-03-31", "open"),
        (august.pk, plan.pk, "2024-08-31", "closed"),
    ]
    text = StringIO()
    call_command("rounds", stdout=text)
    assert "Delårsrapport per 31 augusti" in text.getvalue()
    assert "Testförvaltningen 2024" in text.getvalue()


def test_no_rounds_says_so(db):
    out = StringIO()
    call_command("rounds", stdout=out)
    assert "No follow-up rounds." in out.getvalue()
