"""Reporting a status and managing rounds need a signed-in user: a signed-out visitor is sent to
the sign-in page (and back afterwards); the published round page stays public."""

import pytest
from django.urls import reverse

from vplan.testing.factories import make_activity, make_round


@pytest.fixture
def round(plan):
    return make_round(plan=plan)


@pytest.mark.parametrize("name", ["report", "missing", "create_round", "change_state"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, plan, round, name):
    kwargs = {
        "report": {"round_id": round.pk, "activity_id": make_activity(plan=plan).pk},
        "missing": {"round_id": round.pk},
        "create_round": {"plan_id": plan.pk},
        "change_state": {"round_id": round.pk, "action": "close"},
    }[name]
    url = reverse(f"followups:{name}", kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
