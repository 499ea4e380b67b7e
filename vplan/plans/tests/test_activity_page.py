"""The activity page: facts, places, every report in every round, the chain across years."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.front.tests.sized_plan import make_sized_plan
from vplan.plans.editing import change_end_date
from vplan.testing.factories import (
    make_activity,
    make_assignment,
    make_municipal_goal,
    make_plan,
    make_round,
    place,
    report,
)


def url(activity):
    return reverse("plans:activity", args=[activity.pk])


@pytest.fixture
def chain(administration, board):
    """One activity carried over 2022 -> 2023 -> 2024."""
    plans = [make_plan(administration=administration, year=y, boards=[board]) for y in (2022, 2023)]
    first = make_activity(plan=plans[0], text="Ta fram en digitaliseringsplan")
    second = make_activity(
        plan=plans[1], text="Ta fram en digitaliseringsplan", carried_over_from=first
    )
    return first, second


@pytest.fixture
def activity(plan, board, chain, editor):
    goal = make_municipal_goal(plan=plan, title="Ett attraktivt Exempelkommun")
    activity = make_activity(
        plan=plan,
        text="Ta fram en digitaliseringsplan",
        boards=[board],
        municipal_goal=goal,
        decided_end="Oktober",
        carried_over_from=chain[1],
    )
    place(activity=activity, assignment=make_assignment(plan=plan, number=7))
    march = make_round(plan=plan, label="Uppföljning per 31 mars")
    august = make_round(plan=plan, as_of=datetime.date(2024, 8, 31), label="Delår per 31 augusti")
    report(
        activity=activity, round=march, status="Kvarstår", comment="Inte påbörjad.", author=editor
    )
    report(
        activity=activity, round=march, status="Pågående", comment="Påbörjad i mars.", author=editor
    )
    report(
        activity=activity, round=august, status="Pågående", comment="Utkast klart.", author=editor
    )
    return activity


def test_activity_page_shows_every_report_of_every_round(client, controller, activity):
    client.force_login(controller)
    html = client.get(url(activity)).content.decode()
    for comment in ("Inte påbörjad.", "Påbörjad i mars.", "Utkast klart."):
        assert comment in html
    assert "Uppföljning per 31 mars" in html and "Delår per 31 augusti" in html
    assert "editor" in html  # the author, for members


def test_activity_page_shows_boards_places_and_both_end_dates(client, controller, activity, board):
    change_end_date(activity=activity, new_end="December", by=controller)
    client.force_login(controller)
    html = client.get(url(activity)).content.decode()
    assert "Bildningsnämnden (BiN)" in html
    assert "Ett attraktivt Exempelkommun" in html
    assert "strategiskt utvecklingsuppdrag 7" in html
    assert "står på 2 ställen" in html
    assert "Beslutat slutdatum" in html and "Oktober" in html
    assert "December" in html and "framflyttat" in html
    assert "aktuellt slutdatum Oktober → December" in html  # the recorded postponement


def test_activity_page_follows_the_chain_across_years(client, controller, activity, chain):
    client.force_login(controller)
    html = client.get(url(activity)).content.decode()
    assert "Kvarstår från 2023" in html
    assert reverse("plans:activity", args=[chain[0].pk]) in html
    assert reverse("plans:activity", args=[chain[1].pk]) in html
    back = client.get(url(chain[0])).content.decode()
    assert url(activity) in back  # and forward again


def test_signed_out_visitor_sees_published_reports_without_authors(client, activity):
    FollowUpRound.objects.filter(label__startswith="Delår").update(
        state=FollowUpRound.State.PUBLISHED
    )
    response = client.get(url(activity))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Utkast klart." in html
    assert "Påbörjad i mars." not in html  # that round is not published
    assert "editor" not in html
    assert "Ändringar" not in html


def test_reader_sees_the_activity(client, reader, activity):
    client.force_login(reader)
    assert client.get(url(activity)).status_code == 200


def test_outsider_may_not_know_the_activity(client, outsider, activity):
    client.force_login(outsider)
    assert client.get(url(activity)).status_code == 404


def test_signed_out_visitor_may_not_know_an_unpublished_activity(client, activity):
    assert client.get(url(activity)).status_code == 404


def test_deleted_activity_is_not_found(client, controller, activity):
    from vplan.plans.editing import delete_activity

    delete_activity(activity=activity, by=controller)
    client.force_login(controller)
    assert client.get(url(activity)).status_code == 404


def test_query_count_does_not_grow_with_the_plan(client, controller, administration, board):
    def queries_for(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board])
        earlier = make_plan(administration=administration, year=year - 1, boards=[board])
        make_sized_plan(plan=plan, size=size, author=controller, previous_plan=earlier)
        activity = plan.activities.filter(parent__isnull=True).order_by("pk").first()
        client.force_login(controller)
        client.get(url(activity))  # warm the caches every request shares (content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(activity)).status_code == 200
        return len(queries)

    assert queries_for(2, 2030) == queries_for(40, 2040)


def test_editor_is_offered_to_report_in_the_open_round_reader_is_not(
    client, editor, reader, activity
):
    client.force_login(editor)
    html = client.get(url(activity)).content.decode()
    assert "Rapportera status i Uppföljning per 31 mars" in html
    assert f"#activity-{activity.pk}" in html
    client.force_login(reader)
    assert "Rapportera status i" not in client.get(url(activity)).content.decode()


def test_a_change_nobody_signed_shows_as_a_dash_not_an_error(client, controller, activity):
    """`vplan load` without --user records changes with no one's name; the page still opens."""
    change_end_date(activity=activity, new_end="2024-11", by=None)
    client.force_login(controller)
    response = client.get(url(activity))
    assert response.status_code == 200
    assert "<td>–</td>" in response.content.decode()
