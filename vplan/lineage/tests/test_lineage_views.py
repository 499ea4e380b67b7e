"""The lineage page and decisions: controllers decide, members read, others are refused."""

import pytest
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.lineage.models import LineageLink
from vplan.lineage.proposals import propose_links
from vplan.lineage.tests.lineage_fixtures import two_years
from vplan.testing.factories import make_round


@pytest.fixture
def years(administration, board):
    data = two_years(administration=administration, board=board)
    data["link"] = propose_links(plan=data["this_year"])[0]
    return data


def _page(years):
    return reverse("lineage:plan", args=[years["this_year"].pk])


def test_a_controller_sees_the_links_with_buttons(client, years, controller):
    client.force_login(controller)
    response = client.get(_page(years))
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert years["old"].text in content and years["new"].text in content
    assert reverse("lineage:decide", args=[years["link"].pk]) in content


@pytest.mark.parametrize("persona", ["reader", "editor"])
def test_members_read_without_buttons(client, years, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_page(years))
    assert response.status_code == 200
    assert reverse("lineage:decide", args=[years["link"].pk]) not in response.content.decode()


def test_outsiders_and_anonymous_do_not_see_it_even_when_the_plan_is_published(
    client, years, outsider
):
    make_round(plan=years["this_year"], state=FollowUpRound.State.PUBLISHED)
    assert client.get(_page(years))["Location"].startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(_page(years)).status_code == 404


def test_a_controller_confirms_in_place_with_htmx(client, years, controller):
    client.force_login(controller)
    url = reverse("lineage:decide", args=[years["link"].pk])

    response = client.post(url, {"decision": "confirmed"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<tr")
    assert LineageLink.objects.get().decision == "confirmed"


def test_a_plain_post_redirects_back(client, years, controller):
    client.force_login(controller)
    url = reverse("lineage:decide", args=[years["link"].pk])
    response = client.post(url, {"decision": "rejected"})
    assert response.status_code == 302
    assert LineageLink.objects.get().decision == "rejected"


@pytest.mark.parametrize("persona,status", [("reader", 403), ("editor", 403), ("outsider", 404)])
def test_others_cannot_decide_or_propose(client, years, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    decide = reverse("lineage:decide", args=[years["link"].pk])
    assert client.post(decide, {"decision": "confirmed"}).status_code == status
    propose = reverse("lineage:propose", args=[years["this_year"].pk])
    assert client.post(propose).status_code == status
    assert LineageLink.objects.get().decision == "pending"


def test_a_bad_decision_is_refused(client, years, controller):
    client.force_login(controller)
    url = reverse("lineage:decide", args=[years["link"].pk])
    response = client.post(url, {"decision": "maybe"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert LineageLink.objects.get().decision == "pending"


def test_proposing_from_the_page(client, years, controller):
    LineageLink.objects.all().delete()
    client.force_login(controller)
    response = client.post(reverse("lineage:propose", args=[years["this_year"].pk]))
    assert response.status_code == 302
    assert LineageLink.objects.count() == 1
