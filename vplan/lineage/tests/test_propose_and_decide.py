"""Proposing links, and a controller's decision on them."""

import pytest
from django.core.exceptions import ValidationError

from vplan.audit.trail import history_of
from vplan.lineage.decisions import decide_link
from vplan.lineage.models import LineageLink
from vplan.lineage.proposals import propose_links
from vplan.lineage.tests.lineage_fixtures import two_years
from vplan.plans.models import Activity
from vplan.testing.factories import make_activity


@pytest.fixture
def years(administration, board):
    return two_years(administration=administration, board=board)


def test_a_reworded_activity_is_proposed_with_its_reasons(years):
    links = propose_links(plan=years["this_year"])

    assert [(link.predecessor, link.activity) for link in links] == [(years["old"], years["new"])]
    link = links[0]
    assert 0.5 < link.confidence <= 1.0
    assert link.reasons["continues"] is True
    assert link.reasons["goals"] == 1.0  # '&' reads as 'och'
    assert link.decision == LineageLink.Decision.PENDING


def test_proposing_again_adds_nothing_new(years):
    propose_links(plan=years["this_year"])
    assert propose_links(plan=years["this_year"]) == []
    assert LineageLink.objects.count() == 1


def test_a_plan_without_last_years_plan_gets_no_proposals(years):
    assert propose_links(plan=years["last_year"]) == []


def test_confirming_sets_carried_over_from_and_records_who(years, controller):
    link = propose_links(plan=years["this_year"])[0]

    decide_link(link=link, decision="confirmed", by=controller)

    link.refresh_from_db()
    assert link.decision == "confirmed"
    assert link.decided_by == controller
    assert link.decided_at is not None
    new = Activity.objects.get(pk=years["new"].pk)
    assert new.carried_over_from == years["old"]
    assert new.carried_over_year == 2023
    assert history_of(link).filter(changed_by=controller).exists()
    assert history_of(new).filter(changed_by=controller).exists()


def test_rejecting_a_confirmed_link_clears_the_carry_over_and_is_never_proposed_again(
    years, controller
):
    link = propose_links(plan=years["this_year"])[0]
    decide_link(link=link, decision="confirmed", by=controller)

    decide_link(link=link, decision="rejected", by=controller)

    assert Activity.objects.get(pk=years["new"].pk).carried_over_from is None
    assert propose_links(plan=years["this_year"]) == []
    assert LineageLink.objects.get().decision == "rejected"


def test_a_confirmed_link_does_not_overwrite_an_existing_carry_over(years, controller):
    link = propose_links(plan=years["this_year"])[0]
    earlier = make_activity(plan=years["last_year"], text="Något annat")
    Activity.objects.filter(pk=years["new"].pk).update(carried_over_from=earlier)

    decide_link(link=link, decision="confirmed", by=controller)

    assert Activity.objects.get(pk=years["new"].pk).carried_over_from == earlier


def test_an_activity_has_at_most_one_confirmed_predecessor(years, controller):
    first = propose_links(plan=years["this_year"])[0]
    decide_link(link=first, decision="confirmed", by=controller)
    second = LineageLink.objects.create(
        activity=years["new"], predecessor=years["other_old"], confidence=0.6
    )
    with pytest.raises(ValidationError):
        decide_link(link=second, decision="confirmed", by=controller)
    with pytest.raises(ValidationError):
        decide_link(link=second, decision="maybe", by=controller)


def test_activities_already_carried_over_are_left_alone(years):
    Activity.objects.filter(pk=years["new"].pk).update(carried_over_from=years["old"])
    assert propose_links(plan=years["this_year"]) == []
