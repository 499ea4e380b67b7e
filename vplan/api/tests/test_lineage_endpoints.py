"""Lineage through the API: members read the links to last year's plan, controllers propose and
decide; everyone else is refused as on the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.followups.models import FollowUpRound
from vplan.lineage.decisions import decide_link
from vplan.lineage.models import LineageLink
from vplan.lineage.proposals import propose_links
from vplan.lineage.tests.lineage_fixtures import two_years
from vplan.plans.models import Activity
from vplan.testing.factories import make_activity, make_round

from .conftest import MANAGE_REFUSALS, MANAGERS

pytestmark = pytest.mark.django_db

MEMBERS = ["admin_user", "controller", "editor", "reader"]


@pytest.fixture
def years(administration, board):
    return two_years(administration=administration, board=board)


@pytest.fixture
def proposed(years):
    years["link"] = propose_links(plan=years["this_year"])[0]
    return years


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_read_the_links(api_as, proposed, persona):
    response = api_as(persona).get(f"/plans/{proposed['this_year'].pk}/lineage")
    assert response.status_code == 200
    body = response.json()
    assert body["previous_plan"]["year"] == 2023 and body["carried_over"] == 0
    assert body["can_manage"] == (persona in MANAGERS)
    [link] = body["links"]
    assert (link["activity"]["id"], link["predecessor"]["id"]) == (
        proposed["new"].pk,
        proposed["old"].pk,
    )
    assert link["decision"] == "pending" and 0 < link["confidence"] <= 1
    assert link["reason_labels"]


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_others_do_not_see_the_links_even_of_a_published_plan(api_as, proposed, persona, outsider):
    make_round(plan=proposed["this_year"], state=FollowUpRound.State.PUBLISHED)
    response = api_as(persona).get(f"/plans/{proposed['this_year'].pk}/lineage")
    assert response.status_code == 404


def test_the_links_filter_by_decision(api_as, proposed, reader):
    api = api_as("reader")
    url = f"/plans/{proposed['this_year'].pk}/lineage"
    assert len(api.get(url, decision="pending").json()["links"]) == 1
    assert api.get(url, decision="confirmed").json()["links"] == []
    assert api.get(url, decision="confirmed").json()["link_count"] == 0
    bad = api.get(url, decision="maybe")
    assert bad.status_code == 400 and list(bad.json()["errors"]) == ["decision"]


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_propose_links_once(api_as, years, persona):
    api = api_as(persona)
    response = api.post(f"/plans/{years['this_year'].pk}/lineage/propose")
    assert response.status_code == 200
    assert [(link["activity"]["id"], link["predecessor"]["id"]) for link in response.json()] == [
        (years["new"].pk, years["old"].pk)
    ]
    assert api.post(f"/plans/{years['this_year'].pk}/lineage/propose").json() == []
    assert LineageLink.objects.count() == 1


def test_without_last_years_plan_nothing_is_proposed(api_as, years, controller):
    response = api_as("controller").post(f"/plans/{years['last_year'].pk}/lineage/propose")
    assert response.status_code == 200 and response.json() == []


@pytest.mark.parametrize("persona", MANAGERS)
def test_confirming_links_the_years_and_rejecting_undoes_it(api_as, proposed, persona):
    api = api_as(persona)
    url = f"/lineage-links/{proposed['link'].pk}/decide"
    confirmed = api.post(url, {"decision": "confirmed"})
    assert confirmed.status_code == 200
    assert confirmed.json()["decision"] == "confirmed"
    assert confirmed.json()["decided_by"] == {"admin_user": "admin"}.get(persona, persona)
    assert Activity.objects.get(pk=proposed["new"].pk).carried_over_from == proposed["old"]
    rejected = api.post(url, {"decision": "rejected"})
    assert rejected.json()["decision"] == "rejected"
    assert Activity.objects.get(pk=proposed["new"].pk).carried_over_from is None


def test_a_second_confirmed_predecessor_is_a_conflict(api_as, proposed, controller):
    other = LineageLink.objects.create(
        activity=proposed["new"], predecessor=proposed["other_old"], confidence=0.4
    )
    api = api_as("controller")
    api.post(f"/lineage-links/{proposed['link'].pk}/decide", {"decision": "confirmed"})
    response = api.post(f"/lineage-links/{other.pk}/decide", {"decision": "confirmed"})
    assert response.status_code == 409
    assert response.json()["code"] == "state" and list(response.json()["errors"]) == ["decision"]
    assert LineageLink.objects.get(pk=other.pk).decision == "pending"


def test_a_decision_must_be_confirmed_or_rejected(api_as, proposed, controller):
    api = api_as("controller")
    for decision in ["pending", "ja"]:
        response = api.post(f"/lineage-links/{proposed['link'].pk}/decide", {"decision": decision})
        assert response.status_code == 400 and list(response.json()["errors"]) == ["decision"]
    assert api.post("/lineage-links/999999/decide", {"decision": "confirmed"}).status_code == 404


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
def test_only_managers_propose_and_decide(api_as, proposed, persona, refusal, outsider):
    api = api_as(persona)
    assert api.post(f"/plans/{proposed['this_year'].pk}/lineage/propose").status_code == refusal
    decide = api.post(f"/lineage-links/{proposed['link'].pk}/decide", {"decision": "confirmed"})
    assert decide.status_code == refusal
    assert LineageLink.objects.get().decision == "pending"


def test_reading_the_links_does_not_run_more_queries_as_they_grow(api_as, proposed, controller):
    api = api_as("controller")
    path = f"/plans/{proposed['this_year'].pk}/lineage"
    with CaptureQueriesContext(connection) as small:
        api.get(path)
    for n in range(4):
        old = make_activity(plan=proposed["last_year"], text=f"Utreda fritidsgårdarna {n}")
        new = make_activity(plan=proposed["this_year"], text=f"Utreda fritidsgårdarna {n} vidare")
        link = LineageLink.objects.create(activity=new, predecessor=old, confidence=0.8)
        decide_link(link=link, decision="confirmed", by=proposed["old"].created_by)
    with CaptureQueriesContext(connection) as large:
        assert len(api.get(path).json()["links"]) == 5
    assert len(large) == len(small)
