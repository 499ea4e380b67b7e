"""The start page: my plans, open rounds with deadlines, what I still have to report."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import make_activity, make_plan, make_round, report


@pytest.fixture
def rounds(plan, board, other_board):
    open_round = make_round(plan=plan, label="Uppföljning per 31 mars")
    open_round.reporting_deadline = datetime.date(2024, 4, 12)
    open_round.save(update_fields=["reporting_deadline"])
    for text in ("Första", "Andra"):
        make_activity(plan=plan, text=text, boards=[board])
    done = make_activity(plan=plan, text="Tredje", boards=[board])
    make_activity(plan=plan, text="Annan nämnds", boards=[other_board])
    report(activity=done, round=open_round, status="Genomfört")
    published = make_round(
        plan=plan,
        as_of=datetime.date(2023, 12, 31),
        label="Verksamhetsberättelse",
        state=FollowUpRound.State.PUBLISHED,
    )
    return open_round, published


def test_editor_sees_the_open_round_deadline_and_how_many_of_theirs_lack_a_status(
    client, editor, rounds, plan
):
    client.force_login(editor)
    with time_machine.travel(datetime.datetime(2024, 4, 2, 9, tzinfo=datetime.UTC)):
        response = client.get(reverse("front:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Uppföljning per 31 mars" in html
    assert "Rapportera senast 12 april 2024" in html
    assert "Sista dag för rapportering var" not in html
    assert "2 av dina aktiviteter saknar fortfarande status" in html
    assert plan.title in html


def test_controller_counts_every_activity(client, controller, rounds):
    client.force_login(controller)
    html = client.get(reverse("front:start")).content.decode()
    assert "3 av dina aktiviteter saknar fortfarande status" in html


def test_reader_sees_the_round_without_a_count(client, reader, rounds):
    client.force_login(reader)
    response = client.get(reverse("front:start"))
    assert "Uppföljning per 31 mars" in response.content.decode()
    assert "saknar fortfarande status" not in response.content.decode()
    assert response.context["open_rounds"][0].my_missing is None


def test_signed_out_visitor_sees_only_published_rounds_and_their_plans(
    client, rounds, plan, administration
):
    hidden = make_plan(administration=administration, year=2031)
    response = client.get(reverse("front:start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Verksamhetsberättelse" in html
    assert "Uppföljning per 31 mars" not in html
    assert plan.title in html
    assert hidden.title not in html
    assert reverse("login") in html


def test_outsider_sees_no_plan_of_the_administration(client, outsider, administration, board):
    plan = make_plan(administration=administration, year=2030, boards=[board])
    make_round(plan=plan)
    client.force_login(outsider)
    html = client.get(reverse("front:start")).content.decode()
    assert plan.title not in html
    assert "Ingen uppföljning är öppen just nu." in html


def test_a_passed_deadline_is_said_on_the_open_round(client, editor, rounds):
    client.force_login(editor)
    with time_machine.travel(datetime.datetime(2024, 4, 13, 9, tzinfo=datetime.UTC)):
        html = client.get(reverse("front:start")).content.decode()
    assert "Sista dag för rapportering var 12 april 2024." in html
    assert "Rapportera senast" not in html


def test_a_controller_finds_last_years_links_the_carry_over_import_and_search(
    client, controller, rounds, plan
):
    client.force_login(controller)
    html = client.get(reverse("front:start")).content.decode()
    for url in (
        reverse("lineage:plan", args=[plan.pk]),
        reverse("lineage:rollover", args=[plan.pk]),
        reverse("imports:upload"),
        reverse("search:search"),
    ):
        assert f'href="{url}"' in html


def test_an_editor_is_not_offered_the_carry_over(client, editor, rounds, plan):
    client.force_login(editor)
    html = client.get(reverse("front:start")).content.decode()
    assert reverse("lineage:rollover", args=[plan.pk]) not in html
    assert "För controllers" not in html
