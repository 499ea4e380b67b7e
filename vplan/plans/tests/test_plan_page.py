"""The plan page: the outline, its filters kept in the URL, counts, and who may see it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.front.tests.sized_plan import make_sized_plan
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_board_goal,
    make_municipal_goal,
    make_plan,
    make_round,
    place,
    report,
)


def url(plan, **query):
    from urllib.parse import urlencode

    return reverse("plans:plan", args=[plan.pk]) + (f"?{urlencode(query)}" if query else "")


@pytest.fixture
def outline(plan, board, other_board):
    goal = make_municipal_goal(
        plan=plan, perspective_name="Medborgare", title="Ett tryggt Exempelkommun"
    )
    learning = make_board_goal(plan=plan, municipal_goal=goal, title="Maximalt lärande")
    assignment = make_assignment(plan=plan, number=21, text="Utveckla skolskjutsarna.")
    shared = make_activity(
        plan=plan, text="Införa digitala läromedel", boards=[board], board_goal=learning
    )
    place(activity=shared, municipal_goal=goal, assignment=assignment)
    moved = make_activity(
        plan=plan,
        text="Bygga ny förskola",
        boards=[other_board],
        board_goal=learning,
        decided_end="Oktober",
        current_end="December",
    )
    round = make_round(plan=plan)
    report(activity=shared, round=round, status="Genomfört", comment="Klart i maj.")
    return {"shared": shared, "moved": moved, "round": round, "assignment": assignment}


def test_plan_page_shows_the_outline_with_statuses(client, controller, plan, outline):
    client.force_login(controller)
    response = client.get(url(plan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Medborgare" in html
    assert "Ett tryggt Exempelkommun" in html
    assert "Maximalt lärande" in html
    assert "Nämndspecifikt" in html or "Kommungemensamt" in html
    assert "Genomfört" in html and "Klart i maj." in html
    assert "Ingen status" in html  # the moved activity has no report, said in words


def test_activity_in_two_places_is_shown_in_both_with_one_footnote(
    client, controller, plan, outline
):
    client.force_login(controller)
    html = client.get(url(plan)).content.decode()
    assert html.count("Införa digitala läromedel") == 3  # two places and the footnote
    assert html.count('href="#footnote-1"') == 2
    assert 'id="footnote-1"' in html
    assert "rapporteras en gång" in html


def test_moved_end_date_has_an_asterisk_and_says_so(client, controller, plan, outline):
    client.force_login(controller)
    html = client.get(url(plan)).content.decode()
    assert 'December<span aria-hidden="true">*</span>' in html
    assert "framflyttat från Oktober" in html


def test_carried_over_activity_says_where_it_remains_from(client, controller, administration, plan):
    earlier = make_plan(administration=administration, year=2023, boards=list(plan.boards.all()))
    before = make_activity(plan=earlier, text="Gammal aktivitet")
    make_activity(plan=plan, text="Gammal aktivitet", carried_over_from=before)
    client.force_login(controller)
    assert "Kvarstår från 2023" in client.get(url(plan)).content.decode()


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"q": "förskola"}, "Bygga ny förskola", "Införa digitala"),
        ({"postponed": "on"}, "Bygga ny förskola", "Införa digitala"),
        ({"status": "done"}, "Införa digitala", "Bygga ny förskola"),
        ({"status": "missing"}, "Bygga ny förskola", "Införa digitala"),
    ],
)
def test_filters_narrow_the_activities(client, controller, plan, outline, query, shown, hidden):
    client.force_login(controller)
    html = client.get(url(plan, **query)).content.decode()
    assert shown in html
    assert hidden not in html


def test_board_filter_keeps_its_value_in_the_form(client, controller, plan, outline, other_board):
    client.force_login(controller)
    html = client.get(url(plan, board=other_board.pk)).content.decode()
    assert "Bygga ny förskola" in html
    assert "Införa digitala" not in html
    assert f'<option value="{other_board.pk}" selected>' in html
    assert "1</strong> aktivitet" in html


def test_perspective_filter_hides_other_perspectives(client, controller, plan, outline):
    make_activity(
        plan=plan,
        text="Sänka sjukfrånvaron",
        municipal_goal=make_municipal_goal(plan=plan, perspective_name="Medarbetare"),
    )
    client.force_login(controller)
    from vplan.plans.models import Perspective

    html = client.get(
        url(plan, perspective=Perspective.objects.get(name="Medarbetare").pk)
    ).content.decode()
    assert "Sänka sjukfrånvaron" in html
    assert "Bygga ny förskola" not in html


def test_counts_per_status_category(client, controller, plan, outline):
    client.force_login(controller)
    response = client.get(url(plan))
    counts = response.context["counts"]
    assert counts["total"] == 2
    assert dict((value, n) for value, _, n in counts["categories"])["done"] == 1
    assert counts["missing"] == 1
    assert counts["postponed"] == 1


def test_invalid_filter_values_are_ignored_not_an_error(client, controller, plan, outline):
    client.force_login(controller)
    response = client.get(url(plan, board="abc", status="nonsense", round="x"))
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 2


def test_reader_sees_the_plan(client, reader, plan, outline):
    client.force_login(reader)
    assert client.get(url(plan)).status_code == 200


def test_outsider_may_not_know_an_unpublished_plan(client, outsider, plan, outline):
    client.force_login(outsider)
    assert client.get(url(plan)).status_code == 404


def test_signed_out_visitor_may_not_know_an_unpublished_plan(client, plan, outline):
    assert client.get(url(plan)).status_code == 404


def test_signed_out_visitor_reads_a_plan_with_a_published_round_and_only_its_statuses(
    client, plan, outline
):
    published = make_round(
        plan=plan,
        as_of=datetime.date(plan.year, 8, 31),
        label="Delårsrapport",
        state=FollowUpRound.State.PUBLISHED,
    )
    response = client.get(url(plan))
    assert response.status_code == 200
    assert response.context["round"] == published
    assert "Klart i maj." not in response.content.decode()  # from the unpublished round
    assert client.get(url(plan, round=outline["round"].pk)).context["round"] == published


def test_unknown_plan_is_not_found(client, controller):
    client.force_login(controller)
    assert client.get(reverse("plans:plan", args=[999999])).status_code == 404


def test_query_count_does_not_grow_with_the_plan(
    client, controller, administration, board, other_board
):
    def queries_for(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board, other_board])
        earlier = make_plan(administration=administration, year=year - 1, boards=[board])
        make_sized_plan(plan=plan, size=size, author=controller, previous_plan=earlier)
        client.force_login(controller)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(plan, q="Aktivitet"))
        assert response.status_code == 200
        assert response.context["counts"]["total"] == size
        return len(queries)

    assert queries_for(2, 2030) == queries_for(40, 2040)


def test_perspective_filter_still_notes_the_other_places(client, controller, plan, outline):
    from vplan.plans.models import Perspective

    economy = make_municipal_goal(
        plan=plan, perspective_name="Ekonomi", title="En ekonomi i balans"
    )
    place(activity=outline["moved"], municipal_goal=economy)
    client.force_login(controller)
    medborgare = Perspective.objects.get(name="Medborgare")
    html = client.get(url(plan, perspective=medborgare.pk)).content.decode()
    assert "En ekonomi i balans" not in html.split('id="footnotes-heading"')[0]  # not shown there
    assert "”Bygga ny förskola” står på 2 ställen" in html  # but the note names it
    assert "Ekonomi / En ekonomi i balans" in html
