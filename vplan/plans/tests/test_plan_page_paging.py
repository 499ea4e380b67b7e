"""A long plan's page: its contents with counts, one part of it at a time, a page at a time.

A plan of more activities than a page shows its contents (perspectives, municipal goals, board
goals, each with how many activities stand there and their statuses) and its activities 50 at a
time; each link keeps the filters. A small plan reads whole, as printed.
"""

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.front.tests.sized_plan import make_sized_plan
from vplan.paging import PAGE_SIZE
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    report,
)

ACTIVITY_LINK = re.compile(r'href="/activities/(\d+)/"')


def url(plan, **query):
    return reverse("plans:plan", args=[plan.pk]) + (f"?{urlencode(query)}" if query else "")


def shown_activities(html: str) -> list[int]:
    return [int(pk) for pk in ACTIVITY_LINK.findall(html)]


def hrefs(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(\?[^"]*)"', html)]


@pytest.fixture
def long_plan(plan, board, other_board):
    """60 activities: 40 of board one under two board goals of one municipal goal (half of them
    done), 20 of board two under another municipal goal; one round."""
    school = make_municipal_goal(plan=plan, perspective_name="Medborgare", title="Skolan")
    care = make_municipal_goal(plan=plan, perspective_name="Ekonomi", title="Omsorgen")
    learning = make_board_goal(plan=plan, municipal_goal=school, title="Lärande")
    health = make_board_goal(plan=plan, municipal_goal=school, title="Hälsa")
    round = make_round(plan=plan)
    activities = []
    for n in range(40):
        activity = make_activity(
            plan=plan,
            text=f"Skolaktivitet {n}",
            boards=[board],
            board_goal=learning if n < 25 else health,
        )
        if n % 2 == 0:
            report(activity=activity, round=round, status="Genomfört")
        activities.append(activity)
    for n in range(20):
        activities.append(
            make_activity(
                plan=plan, text=f"Omsorgsaktivitet {n}", boards=[other_board], municipal_goal=care
            )
        )
    return {
        "activities": activities,
        "school": school,
        "care": care,
        "learning": learning,
        "health": health,
        "round": round,
    }


def test_a_long_plan_shows_a_page_of_activities_and_its_contents(
    client, controller, plan, long_plan
):
    client.force_login(controller)
    response = client.get(url(plan))
    html = response.content.decode()
    assert len(shown_activities(html)) == PAGE_SIZE
    assert response.context["page"].count == 60
    assert 'aria-labelledby="contents-heading"' in html
    assert 'class="pagination"' in html
    contents = response.context["contents"]
    assert [entry.title for entry in contents] == ["Medborgare", "Ekonomi"]
    school = contents[0].children[0]
    assert (school.title, school.tally.total) == ("Skolan", 40)
    assert ("genomfört", 20) in school.tally.categories
    assert school.tally.missing == 20
    assert [(g.title, g.tally.total) for g in school.children] == [("Lärande", 25), ("Hälsa", 15)]
    assert "40 aktiviteter" in html


def test_every_activity_is_reached_page_by_page(client, controller, plan, long_plan):
    client.force_login(controller)
    seen = []
    next_url = url(plan)
    while next_url:
        response = client.get(next_url)
        seen += shown_activities(response.content.decode())
        following = response.context["page"].next_url
        next_url = url(plan) + following if following else ""
    assert sorted(seen) == sorted(a.pk for a in long_plan["activities"])


def test_a_goal_link_shows_that_goals_activities_only(client, controller, plan, long_plan):
    client.force_login(controller)
    html = client.get(url(plan, goal=long_plan["care"].pk)).content.decode()
    shown = shown_activities(html)
    assert len(shown) == 20
    assert "Skolaktivitet" not in html
    assert f'href="?goal={long_plan["care"].pk}" aria-current="page"' in html
    assert 'class="pagination"' not in html  # 20 fit on a page


def test_a_board_goal_link_shows_that_board_goals_activities(client, controller, plan, long_plan):
    client.force_login(controller)
    response = client.get(url(plan, board_goal=long_plan["health"].pk))
    assert len(shown_activities(response.content.decode())) == 15
    assert response.context["counts"]["total"] == 15


def test_links_keep_the_filters(client, controller, plan, long_plan, board):
    client.force_login(controller)
    html = client.get(url(plan, board=board.pk, q="Skolaktivitet")).content.decode()
    assert len(shown_activities(html)) == 40  # 40 filtered: shown whole, not paged
    round = long_plan["round"].pk
    html = client.get(url(plan, q="aktivitet", round=round)).content.decode()
    links = hrefs(html)
    assert len(links) == 10  # 7 in the contents, 3 to pages
    for link in links:
        query = parse_qs(urlparse(link).query)
        assert query["q"] == ["aktivitet"] and query["round"] == [str(round)], link


def test_pages_keep_the_filters_and_the_goal(client, controller, plan, long_plan, board):
    client.force_login(controller)
    response = client.get(url(plan, goal=long_plan["school"].pk, board=board.pk, page=2))
    page = response.context["page"]
    assert (page.number, page.count) == (1, 40)  # 40 activities: shown whole
    response = client.get(url(plan, board=board.pk, page=2))
    html = response.content.decode()
    assert len(shown_activities(html)) == 40  # board one: 40, shown whole
    response = client.get(url(plan, q="aktivitet", page=2))
    page = response.context["page"]
    assert page.number == 2 and len(page.items) == 10
    assert parse_qs(urlparse(page.previous_url).query) == {"q": ["aktivitet"], "page": ["1"]}


def test_a_small_plan_reads_whole_without_contents(client, controller, plan, board):
    goal = make_municipal_goal(plan=plan, perspective_name="Medborgare", title="Skolan")
    for n in range(PAGE_SIZE):
        make_activity(plan=plan, text=f"Aktivitet {n}", boards=[board], municipal_goal=goal)
    client.force_login(controller)
    html = client.get(url(plan)).content.decode()
    assert len(shown_activities(html)) == PAGE_SIZE
    assert 'aria-labelledby="contents-heading"' not in html
    assert 'class="pagination"' not in html


def test_the_public_counts_only_published_statuses(client, plan, long_plan):
    """A signed-out visitor of a reopened round counts and filters by what was published."""
    import datetime

    from django.utils import timezone

    from vplan.followups.models import FollowUpRound

    round = long_plan["round"]
    FollowUpRound.objects.filter(pk=round.pk).update(
        state=FollowUpRound.State.OPEN,
        first_published_at=timezone.now() - datetime.timedelta(days=1),
        last_published_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = client.get(url(plan, status="done"))
    assert response.status_code == 200
    assert shown_activities(response.content.decode()) == []  # reported after the publication
    assert response.context["counts"]["total"] == 0
    assert client.get(url(plan)).context["counts"]["missing"] == 60


def test_query_count_is_the_same_for_10_and_200_activities(
    client, controller, administration, board, other_board
):
    def measure(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board, other_board])
        make_sized_plan(plan=plan, size=size, author=controller)
        client.force_login(controller)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(plan))
        assert response.status_code == 200
        assert response.context["counts"]["total"] == size
        shown = len(shown_activities(response.content.decode()))
        return len(queries), shown

    small_queries, small_shown = measure(10, 2030)
    large_queries, large_shown = measure(200, 2040)
    assert small_queries == large_queries
    assert small_shown == 10 + 5  # and 5 of them in a second place (an assignment)
    assert large_shown == PAGE_SIZE


def test_the_page_reads_in_the_same_order_as_the_api(client, controller, plan, long_plan):
    from vplan.plans.models import Placement
    from vplan.plans.outline import in_reading_order

    assignment = make_assignment(plan=plan, number=3)
    for n in range(3):
        make_activity(plan=plan, text=f"Uppdragsaktivitet {n}", assignment=assignment)
    client.force_login(controller)
    shown = []
    for number in (1, 2):
        shown += [pk for pk, _activity in client.get(url(plan, page=number)).context["page"].items]
    in_sql = list(
        in_reading_order(Placement.objects.filter(activity__plan=plan)).values_list("pk", flat=True)
    )
    assert shown == in_sql


def test_the_contents_count_an_activity_in_two_places_of_one_goal_once(
    client, controller, plan, long_plan
):
    """A goal's tally counts activities, not places: one standing under both of the goal's board
    goals counts once for the goal and the perspective, once under each board goal."""
    from vplan.testing.factories import place

    both = long_plan["activities"][0]  # under "Lärande", done
    place(activity=both, municipal_goal=long_plan["school"], board_goal=long_plan["health"])
    client.force_login(controller)
    contents = client.get(url(plan)).context["contents"]
    school = contents[0].children[0]
    assert (contents[0].tally.total, school.tally.total) == (40, 40)
    assert [(g.title, g.tally.total) for g in school.children] == [("Lärande", 25), ("Hälsa", 16)]
    assert ("genomfört", 20) in school.tally.categories
    health = school.children[1].tally
    assert (health.categories, health.missing) == ([("genomfört", 8)], 8)  # 7 of its own + 1
