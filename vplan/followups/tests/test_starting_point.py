"""A new round starts from the last status (issue 18, point 4): finished activities keep their
status without re-entry; the others are offered their previous status and comment as a marked
suggestion that one click saves."""

import pytest
from django.urls import reverse

from vplan.followups.models import StatusReport
from vplan.followups.round_lifecycle import close_round, create_round
from vplan.plans.models import Plan
from vplan.testing.factories import make_activity, make_round, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def spring(plan, board, controller):
    Plan.objects.filter(pk=plan.pk).update(state=Plan.State.DECIDED)
    plan.refresh_from_db()
    spring = make_round(plan=plan)
    done = make_activity(plan=plan, text="Klar i våras", boards=[board])
    struck = make_activity(plan=plan, text="Struken", boards=[board])
    ongoing = make_activity(plan=plan, text="Pågår fortfarande", boards=[board])
    make_activity(plan=plan, text="Aldrig rapporterad", boards=[board])
    report(activity=done, round=spring, status="Genomfört", comment="Klart i maj")
    report(activity=struck, round=spring, status="Struket i IB")
    report(activity=ongoing, round=spring, status="Pågående", comment="Halvvägs")
    close_round(round=spring, by=controller)
    return {"round": spring, "done": done, "struck": struck, "ongoing": ongoing}


def new_round(plan, controller):
    import datetime

    return create_round(
        plan=plan,
        label="Uppföljning per 31 augusti",
        as_of=datetime.date(2024, 8, 31),
        by=controller,
    )


def test_finished_activities_keep_their_status_in_a_new_round(plan, controller, spring):
    autumn = new_round(plan, controller)
    kept = StatusReport.objects.filter(round=autumn).select_related("status", "kept_from")
    assert {(r.activity_id, r.status.name, r.comment, r.version) for r in kept} == {
        (spring["done"].pk, "Genomfört", "Klart i maj", 1),
        (spring["struck"].pk, "Struket i IB", "", 1),
    }
    assert all(r.kept_from.round_id == spring["round"].pk for r in kept)


def test_the_others_are_offered_their_previous_status_and_one_click_keeps_it(
    client, plan, controller, editor, spring
):
    autumn = new_round(plan, controller)
    client.force_login(editor)
    grid = client.get(reverse("followups:round", args=[autumn.pk])).content.decode()
    assert "Förslag från förra omgången" in grid
    assert "Halvvägs" in grid
    assert "Behållen från föregående omgång" in grid  # the finished ones
    ongoing = spring["ongoing"]
    previous = StatusReport.objects.get(round=spring["round"], activity=ongoing)
    prefix = f"a{ongoing.pk}"
    saved = client.post(
        reverse("followups:report", args=[autumn.pk, ongoing.pk]),
        {
            f"{prefix}-status": previous.status_id,
            f"{prefix}-comment": "Halvvägs",
            f"{prefix}-expected_version": 0,
        },
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code in (200, 201)
    new = StatusReport.objects.get(round=autumn, activity=ongoing)
    assert (new.status_id, new.comment, new.author) == (previous.status_id, "Halvvägs", editor)


def test_a_kept_status_is_replaced_by_a_normal_report(client, plan, controller, editor, spring):
    autumn = new_round(plan, controller)
    done = spring["done"]
    prefix = f"a{done.pk}"
    client.force_login(editor)
    ongoing_status = StatusReport.objects.get(
        round=spring["round"], activity=spring["ongoing"]
    ).status_id
    client.post(
        reverse("followups:report", args=[autumn.pk, done.pk]),
        {
            f"{prefix}-status": ongoing_status,
            f"{prefix}-comment": "Öppnad igen",
            f"{prefix}-expected_version": 1,
        },
        HTTP_HX_REQUEST="true",
    )
    versions = list(StatusReport.objects.filter(round=autumn, activity=done).order_by("version"))
    assert [(r.version, r.comment) for r in versions] == [(1, "Klart i maj"), (2, "Öppnad igen")]
