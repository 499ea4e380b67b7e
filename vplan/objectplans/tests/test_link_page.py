"""Linking a prioritised activity to a plan's activity on a page of its own: the object plan page
renders no list of activities per item; the link page searches and pages the year's activities on
the server and saves the choice without JavaScript."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vplan.objectplans.tests.factories import make_object_plan_activity
from vplan.objectplans.views import CHOICES_PER_PAGE, ITEMS_PER_PAGE
from vplan.testing.factories import make_activity, make_plan


@pytest.fixture
def controller_client(client, controller):
    client.force_login(controller)
    return client


def link_url(object_plan, item) -> str:
    return f"/objectplans/{object_plan.pk}/activities/{item.pk}/link/"


def radios(html: str) -> list[str]:
    return re.findall(r'type="radio" name="activity" value="(\d*)"', html)


def test_the_plan_page_links_each_item_to_its_link_page_without_options(
    controller_client, object_plan, plan
):
    for n in range(30):
        make_activity(plan=plan, text=f"Planaktivitet {n}")
    items = [make_object_plan_activity(object_plan=object_plan) for _ in range(3)]
    html = controller_client.get(f"/objectplans/{object_plan.pk}/").content.decode()
    assert "<option" not in html.split('id="activities"')[1].split('id="goals"')[0]
    for item in items:
        assert f'href="{link_url(object_plan, item)}"' in html


def test_the_plan_page_shows_readers_no_link_page(client, reader, object_plan):
    item = make_object_plan_activity(object_plan=object_plan)
    client.force_login(reader)
    assert (
        link_url(object_plan, item)
        not in client.get(f"/objectplans/{object_plan.pk}/").content.decode()
    )
    assert client.get(link_url(object_plan, item)).status_code == 403


def test_the_items_are_paged(controller_client, object_plan):
    for n in range(ITEMS_PER_PAGE + 5):
        make_object_plan_activity(object_plan=object_plan, text=f"Punkt {n:03}")
    first = controller_client.get(f"/objectplans/{object_plan.pk}/").content.decode()
    second = controller_client.get(f"/objectplans/{object_plan.pk}/?page=2").content.decode()
    assert first.count('<tr id="item-') == ITEMS_PER_PAGE
    assert second.count('<tr id="item-') == 5
    assert "Punkt 000" in first and "Punkt 054" in second
    assert 'aria-current="page"' in second


def test_the_link_page_pages_the_choices_and_keeps_the_search_in_its_links(
    controller_client, object_plan, plan
):
    for n in range(CHOICES_PER_PAGE + 10):
        make_activity(plan=plan, text=f"Skolskjuts {n:03}")
    make_activity(plan=plan, text="Lokalbehov")
    make_activity(
        plan=make_plan(administration=plan.administration, year=2023), text="Skolskjuts gammal"
    )
    item = make_object_plan_activity(object_plan=object_plan)
    page = controller_client.get(link_url(object_plan, item), {"q": "skolskjuts"})
    assert page.status_code == 200
    html = page.content.decode()
    assert len(radios(html)) == 1 + CHOICES_PER_PAGE  # "not linked" and one page
    assert "Lokalbehov" not in html and "gammal" not in html
    assert 'href="?q=skolskjuts&amp;page=2"' in html
    second = controller_client.get(link_url(object_plan, item), {"q": "skolskjuts", "page": 2})
    assert len(radios(second.content.decode())) == 1 + 10


def test_linking_from_the_link_page_goes_back_to_the_item(controller_client, object_plan, plan):
    activity = make_activity(plan=plan, text="Gemensam aktivitet")
    item = make_object_plan_activity(object_plan=object_plan)
    response = controller_client.post(link_url(object_plan, item), {"activity": activity.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/objectplans/{object_plan.pk}/#item-{item.pk}"
    item.refresh_from_db()
    assert item.activity == activity
    html = controller_client.get(link_url(object_plan, item)).content.decode()
    assert re.search(rf'value="{activity.pk}" id="link-{activity.pk}" checked', html)
    assert radios(html).count(str(activity.pk)) == 1


def test_a_choice_that_cannot_be_linked_shows_the_link_page_with_the_reason(
    controller_client, object_plan
):
    item = make_object_plan_activity(object_plan=object_plan)
    response = controller_client.post(link_url(object_plan, item), {"activity": 999999})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="link-error"' in html and 'aria-describedby="link-error"' in html
    item.refresh_from_db()
    assert item.activity is None


def queries_for(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_the_link_page_reads_few_and_many_activities_with_as_many_queries(
    controller_client, object_plan, plan
):
    item = make_object_plan_activity(object_plan=object_plan)
    for n in range(3):
        make_activity(plan=plan, text=f"Aktivitet {n}")
    small, _ = queries_for(controller_client, link_url(object_plan, item))
    for n in range(3, 3 + 2 * CHOICES_PER_PAGE):
        make_activity(plan=plan, text=f"Aktivitet {n}")
    large, _ = queries_for(controller_client, link_url(object_plan, item))
    assert large == small


def test_the_plan_page_size_does_not_grow_with_the_year_s_activities(
    controller_client, object_plan, plan
):
    make_object_plan_activity(object_plan=object_plan)
    make_object_plan_activity(object_plan=object_plan)
    small_queries, small_bytes = queries_for(controller_client, f"/objectplans/{object_plan.pk}/")
    for n in range(60):
        make_activity(plan=plan, text=f"En ganska lång aktivitetstext nummer {n}")
    queries, size = queries_for(controller_client, f"/objectplans/{object_plan.pk}/")
    assert queries == small_queries
    assert size < small_bytes + 200


def test_the_api_answers_the_items_without_choices_and_with_flat_queries(
    controller_client, object_plan, plan
):
    for _n in range(2):
        make_object_plan_activity(object_plan=object_plan, activity=make_activity(plan=plan))
    url = f"/api/objectplans/{object_plan.pk}"
    controller_client.get(url)
    small, _ = queries_for(controller_client, url)
    for n in range(40):
        make_activity(plan=plan, text=f"Ännu en aktivitet {n}")
    for _n in range(10):
        make_object_plan_activity(object_plan=object_plan, activity=make_activity(plan=plan))
    large, _ = queries_for(controller_client, url)
    assert large == small
    body = controller_client.get(url).json()
    assert len(body["activities"]) == 12
    assert all("choices" not in item and "linkable" not in item for item in body["activities"])
    assert "Ännu en aktivitet" not in controller_client.get(url).content.decode()
