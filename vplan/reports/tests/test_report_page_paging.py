"""The report page of a large round: contents with counts, one part at a time, 50 rows a page.

Downloads keep the whole report; the page shows the front matter (introduction, summary,
assignments), the contents and the rows of the chosen perspective or municipal goal a page at a
time. A published round's page reads the publication's frozen data.
"""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.followups.round_lifecycle import Override
from vplan.reports.page import PAGE_ROWS
from vplan.reports.publication import publish_round
from vplan.testing.factories import (
    make_activity,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    report,
)

ROW_TEXT = re.compile(r"Rapportaktivitet nummer (\d+)\b")


def url(round, **query):
    from urllib.parse import urlencode

    return reverse("reports:page", args=[round.pk]) + (f"?{urlencode(query)}" if query else "")


def shown(html: str) -> list[int]:
    return [int(n) for n in ROW_TEXT.findall(html)]


def make_large_round(plan, size: int) -> FollowUpRound:
    """`size` activities: two thirds under a board goal of "Skolan" (Medborgare), a third
    directly under "Ekonomin" (Ekonomi); each reported."""
    school = make_municipal_goal(plan=plan, perspective_name="Medborgare", title="Skolan")
    economy = make_municipal_goal(plan=plan, perspective_name="Ekonomi", title="Ekonomin")
    learning = make_board_goal(plan=plan, municipal_goal=school, title="Lärande")
    round = make_round(plan=plan)
    for n in range(size):
        if n % 3 == 2:
            activity = make_activity(
                plan=plan, text=f"Rapportaktivitet nummer {n}", municipal_goal=economy
            )
        else:
            activity = make_activity(
                plan=plan, text=f"Rapportaktivitet nummer {n}", board_goal=learning
            )
        report(activity=activity, round=round, status="Pågående", comment=f"Kommentar {n}.")
    return round


@pytest.fixture
def large_round(plan):
    return make_large_round(plan, 90)


def test_a_large_report_shows_its_contents_and_a_page_of_rows(client, reader, large_round):
    client.force_login(reader)
    response = client.get(url(large_round))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(shown(html)) == PAGE_ROWS
    assert 'class="pagination"' in html
    contents = response.context["contents"]
    assert [(e.title, e.activities) for e in contents] == [("Medborgare", 60), ("Ekonomi", 30)]
    assert [(g.title, g.activities) for g in contents[0].children] == [("Skolan", 60)]
    assert "Alla perspektiv</a> (90 aktiviteter)" in html
    assert 'id="summary"' in html  # the front matter is on every page


def test_every_row_is_reached_page_by_page(client, reader, large_round):
    client.force_login(reader)
    seen, address = [], url(large_round)
    while address:
        response = client.get(address)
        seen += shown(response.content.decode())
        following = response.context["page"].next_url
        address = url(large_round) + following if following else ""
    assert sorted(seen) == list(range(90))


def test_a_part_shows_its_rows_only_and_is_marked_current(client, reader, large_round):
    client.force_login(reader)
    contents = client.get(url(large_round)).context["contents"]
    economy, school = contents[1], contents[0].children[0]
    html = client.get(url(large_round) + economy.url).content.decode()
    assert sorted(shown(html)) == list(range(2, 90, 3))
    assert f'href="{economy.url}" aria-current="page"' in html
    assert 'class="pagination"' not in html  # 30 rows: one page
    response = client.get(url(large_round) + school.url + "&page=2")
    assert [n for n in range(90) if n % 3 != 2][PAGE_ROWS:] == shown(response.content.decode())
    assert "(forts.)" in response.content.decode()  # the board goal began on page 1


def test_links_keep_the_publication_and_the_page_of_a_published_round(
    client, reader, controller, large_round
):
    FollowUpRound.objects.filter(pk=large_round.pk).update(state=FollowUpRound.State.CLOSED)
    large_round.refresh_from_db()
    publish_round(round=large_round, by=controller)
    client.force_login(reader)
    response = client.get(url(large_round, publication=1, page=2))
    assert response.context["page"].number == 2
    links = [
        h.replace("&amp;", "&") for h in re.findall(r'href="(\?[^"]*)"', response.content.decode())
    ]
    assert links
    for link in links:
        assert parse_qs(urlparse(link).query)["publication"] == ["1"], link


def test_a_published_round_shows_what_was_published(client, controller, large_round):
    FollowUpRound.objects.filter(pk=large_round.pk).update(state=FollowUpRound.State.CLOSED)
    large_round.refresh_from_db()
    publish_round(round=large_round, by=controller)
    from vplan.plans.models import Activity

    Activity.objects.filter(text="Rapportaktivitet nummer 0").update(text="Ändrad efteråt")
    html = client.get(url(large_round)).content.decode()  # signed out: the public
    assert "Rapportaktivitet nummer 0 " in html or "Rapportaktivitet nummer 0<" in html
    assert "Ändrad efteråt" not in html
    assert "Kommentar 0." in html


def test_a_small_report_reads_whole(client, reader, plan):
    round = make_large_round(plan, 30)
    client.force_login(reader)
    response = client.get(url(round))
    html = response.content.decode()
    assert len(shown(html)) == 30
    assert 'class="pagination"' not in html
    assert "Alla perspektiv" not in html  # the report's own contents, as downloaded


# The plans below are of later years: publishing their rounds now is before their as-of dates.
LATER_YEAR = Override(chosen=True, reason="A plan of a later year, published by the test")


@pytest.mark.parametrize("published", [False, True])
def test_query_count_is_the_same_for_10_and_200_activities(
    client, controller, administration, board, published
):
    def measure(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board])
        round = make_large_round(plan, size)
        if published:
            FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
            round.refresh_from_db()
            publish_round(round=round, by=controller, before_as_of=LATER_YEAR)
        client.force_login(controller)
        client.get(url(round))  # a first reading may freeze what was published before
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(round))
        assert response.status_code == 200
        return len(queries), len(shown(response.content.decode()))

    small_queries, small_shown = measure(10, 2030)
    large_queries, large_shown = measure(200, 2040)
    assert small_queries == large_queries
    assert (small_shown, large_shown) == (10, PAGE_ROWS)


def test_a_new_status_shows_at_once_on_the_next_page_view(client, reader, controller, large_round):
    client.force_login(reader)
    assert "Kommentar 0." in client.get(url(large_round)).content.decode()
    from vplan.plans.models import Activity

    activity = Activity.objects.get(text="Rapportaktivitet nummer 0")
    report(activity=activity, round=large_round, status="Genomfört", comment="Nu klar.")
    html = client.get(url(large_round)).content.decode()
    assert "Nu klar." in html and "Kommentar 0." not in html
