"""Sending a report and choosing its Word template need a signed-in controller: a signed-out
visitor is sent to the sign-in page (and back afterwards); the published report stays public."""

import pytest
from django.urls import reverse

from vplan.testing.factories import make_round


@pytest.mark.parametrize("name", ["send", "template", "use_default_template"])
def test_a_signed_out_visitor_is_sent_to_sign_in(client, plan, name):
    url = reverse(f"reports:{name}", kwargs={"round_id": make_round(plan=plan).pk})

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
