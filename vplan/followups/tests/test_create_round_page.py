"""Opening a new follow-up round of a plan (controllers only)."""

import pytest
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.plans.models import Plan
from vplan.testing.factories import make_plan


def url(plan):
    return reverse("followups:create_round", args=[plan.pk])


DATA = {
    "label": "Uppföljning per 31 mars",
    "as_of": "2024-03-31",
    "reporting_deadline": "2024-04-12",
}


def test_controller_opens_a_round(client, controller, plan):
    client.force_login(controller)
    response = client.post(url(plan), DATA)
    round = FollowUpRound.objects.get(plan=plan)
    assert response["Location"] == reverse("followups:round", args=[round.pk])
    assert round.state == FollowUpRound.State.OPEN
    assert str(round.reporting_deadline) == "2024-04-12"


def test_deadline_before_the_as_of_date_is_refused_at_the_field(client, controller, plan):
    client.force_login(controller)
    response = client.post(url(plan), {**DATA, "reporting_deadline": "2024-03-01"})
    assert response.context["form"].errors["reporting_deadline"]
    assert not FollowUpRound.objects.exists()


def test_draft_plan_gets_no_round(client, controller, administration, board):
    draft = make_plan(
        administration=administration, year=2030, boards=[board], state=Plan.State.DRAFT
    )
    client.force_login(controller)
    response = client.post(url(draft), {**DATA, "as_of": "2030-03-31", "reporting_deadline": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not FollowUpRound.objects.exists()


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_editors_and_readers_may_not(client, request, plan, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(url(plan), DATA).status_code == 403
    assert not FollowUpRound.objects.exists()


def test_outsider_may_not_know_the_plan_and_a_signed_out_visitor_signs_in_first(
    client, outsider, plan
):
    assert client.get(url(plan))["Location"] == f"{reverse('login')}?next={url(plan)}"
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404
