"""The lineage and rollover pages are for the administration's members: a signed-out visitor is
sent to the sign-in page (and back afterwards)."""

import pytest
from django.urls import reverse

from vplan.lineage.models import LineageLink
from vplan.testing.factories import make_activity, make_plan


@pytest.fixture
def link(plan):
    earlier = make_plan(administration=plan.administration, year=plan.year - 1)
    return LineageLink.objects.create(
        activity=make_activity(plan=plan),
        predecessor=make_activity(plan=earlier),
        confidence=0.9,
    )


@pytest.mark.parametrize("name", ["plan", "propose", "rollover", "decide"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, plan, link, name):
    kwargs = {"link_id": link.pk} if name == "decide" else {"plan_id": plan.pk}
    url = reverse(f"lineage:{name}", kwargs=kwargs)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
