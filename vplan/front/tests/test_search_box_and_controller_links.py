"""Navigation (issue 18 item 9): a search box in every page's header, and the plan page's links
to a controller's tools (a new round, last year's links, the carry-over, the import)."""

import pytest
from django.urls import reverse

from vplan.testing.factories import make_round


def header_of(html: str) -> str:
    return html.split("</header>")[0]


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_has_a_labelled_search_box_that_gets_the_search_page(
    client, controller, plan, signed_in
):
    make_round(plan=plan, state="published")
    if signed_in:
        client.force_login(controller)
    for url in ("/", reverse("plans:plan", args=[plan.pk]), "/tillganglighet/"):
        header = header_of(client.get(url).content.decode())
        assert '<form class="site-search" role="search" method="get" action="/search/"' in header
        assert '<label class="ds-sr-only" for="site-search-q">' in header
        assert 'id="site-search-q" name="q"' in header


def test_the_search_box_leads_to_the_results(client, controller, plan):
    client.force_login(controller)
    response = client.get(reverse("search:search"), {"q": "skola"})
    assert response.status_code == 200


def test_the_plan_page_links_a_controller_to_the_plans_tools(client, controller, plan):
    client.force_login(controller)
    html = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    for url in (
        reverse("followups:create_round", args=[plan.pk]),
        reverse("lineage:plan", args=[plan.pk]),
        reverse("lineage:rollover", args=[plan.pk]),
        reverse("imports:upload"),
    ):
        assert f'href="{url}"' in html


@pytest.mark.parametrize("persona", ["editor", "reader"])
def test_the_plan_page_offers_others_no_controller_tools(client, request, plan, persona):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert reverse("lineage:rollover", args=[plan.pk]) not in html
    assert reverse("followups:create_round", args=[plan.pk]) not in html
