"""The round page: the entry grid for those who may report, statuses for those who read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.front.tests.sized_plan import make_sized_plan
from vplan.testing.factories import make_activity, make_plan, make_round, report


def url(round, query=""):
    return reverse("followups:round", args=[round.pk]) + query


@pytest.fixture
def grid(plan, board, other_board, editor):
    mine = make_activity(plan=plan, text="Min aktivitet", boards=[board])
    theirs = make_activity(plan=plan, text="Deras aktivitet", boards=[other_board])
    round = make_round(plan=plan, label="Uppföljning per 31 mars")
    report(activity=theirs, round=round, status="Pågående", comment="På gång.", author=editor)
    return {"mine": mine, "theirs": theirs, "round": round}


def test_editor_gets_a_form_for_the_activities_of_their_board_only(client, editor, grid):
    client.force_login(editor)
    response = client.get(url(grid["round"]))
    assert response.status_code == 200
    rows = {row.activity.text: row for row in response.context["rows"]}
    assert list(rows) == ["Min aktivitet"]  # by default: the rows they may report on
    assert rows["Min aktivitet"].can_edit
    html = response.content.decode()
    assert html.count('hx-post="') == 1
    assert f'form="activity-{grid["mine"].pk}-form"' in html
    assert 'name="a{}-expected_version" value="0"'.format(grid["mine"].pk) in html
    assert 'id="default-view-note"' in html
    every = client.get(url(grid["round"], "?board=")).context["rows"]
    assert {row.activity.text: row.can_edit for row in every} == {
        "Min aktivitet": True,
        "Deras aktivitet": False,
    }
    assert client.get(url(grid["round"], "?board=")).content.decode().count('hx-post="') == 1


def test_status_select_shows_the_current_status_selected_and_is_labelled(client, controller, grid):
    client.force_login(controller)
    html = client.get(url(grid["round"])).content.decode()
    theirs = grid["theirs"].pk
    status_pk = StatusReport.objects.get(activity=grid["theirs"]).status_id
    assert f'<label class="ds-sr-only" for="id_a{theirs}-status">' in html
    assert f'<option value="{status_pk}" selected>Pågående</option>' in html
    mine = html[html.index(f'id="id_a{grid["mine"].pk}-status"') :]
    assert mine[: mine.index("</select>")].count(" selected") == 1  # "Välj en status"
    assert "På gång.</textarea>" in html


def test_grid_rows_carry_the_version_the_user_saw(client, controller, grid):
    client.force_login(controller)
    html = client.get(url(grid["round"])).content.decode()
    assert 'name="a{}-expected_version" value="1"'.format(grid["theirs"].pk) in html


def test_grid_shows_who_changed_what_and_when(client, reader, grid):
    client.force_login(reader)
    html = client.get(url(grid["round"], "?board=")).content.decode()
    assert "Version 1, editor" in html
    assert "Senaste ändringarna" in html


def test_reader_sees_statuses_but_no_form(client, reader, grid):
    client.force_login(reader)
    response = client.get(url(grid["round"], "?board="))
    assert response.status_code == 200
    assert "hx-post" not in response.content.decode()
    assert "På gång." in response.content.decode()


def test_controller_gets_a_form_for_every_activity_and_the_round_actions(client, controller, grid):
    client.force_login(controller)
    response = client.get(url(grid["round"]))
    assert all(row.can_edit for row in response.context["rows"])
    html = response.content.decode()
    assert reverse("followups:change_state", args=[grid["round"].pk, "close"]) in html
    assert reverse("followups:missing", args=[grid["round"].pk]) in html


def test_closed_round_has_no_forms(client, controller, grid):
    FollowUpRound.objects.filter(pk=grid["round"].pk).update(state=FollowUpRound.State.CLOSED)
    client.force_login(controller)
    response = client.get(url(grid["round"]))
    assert not any(row.can_edit for row in response.context["rows"])
    assert "hx-post" not in response.content.decode()
    assert "stängd" in response.content.decode()


def test_filters_mine_and_missing(client, editor, grid):
    client.force_login(editor)
    mine = client.get(url(grid["round"], "?mine=on")).context["rows"]
    assert [row.activity.text for row in mine] == ["Min aktivitet"]
    missing = client.get(url(grid["round"], "?missing=on")).context["rows"]
    assert [row.activity.text for row in missing] == ["Min aktivitet"]


def test_reader_sees_the_first_board_by_default_and_may_choose_another(
    client, reader, grid, board, other_board
):
    client.force_login(reader)
    response = client.get(url(grid["round"]))
    assert [row.activity.text for row in response.context["rows"]] == ["Min aktivitet"]
    html = response.content.decode()
    assert "planens första nämnd" in html
    assert f'<option value="{board.pk}" selected>' in html
    other = client.get(url(grid["round"], f"?board={other_board.pk}"))
    assert [row.activity.text for row in other.context["rows"]] == ["Deras aktivitet"]
    assert 'id="default-view-note"' not in other.content.decode()
    # the counts are the whole round's, whatever is shown
    assert (other.context["row_count"], other.context["missing_count"]) == (2, 1)


def test_filters_goal_and_text(client, controller, plan, board):
    from vplan.testing.factories import make_board_goal, make_municipal_goal

    goal = make_municipal_goal(plan=plan, title="Trygg kommun")
    board_goal = make_board_goal(plan=plan, municipal_goal=goal, title="Fler läser")
    under_goal = make_activity(plan=plan, text="Läsfrämjande insats", board_goal=board_goal)
    make_activity(plan=plan, text="Annan insats", boards=[board])
    part = make_activity(plan=plan, text="Del av läsinsatsen", boards=[board])
    part.parent = under_goal
    part.save(update_fields=["parent"])
    round = make_round(plan=plan)
    client.force_login(controller)

    def shown(query):
        return [row.activity.text for row in client.get(url(round, query)).context["rows"]]

    assert shown(f"?board=&goal=m{goal.pk}") == ["Läsfrämjande insats", "Del av läsinsatsen"]
    assert shown(f"?board=&goal=b{board_goal.pk}") == ["Läsfrämjande insats", "Del av läsinsatsen"]
    assert shown("?board=&q=annan+INSATS") == ["Annan insats"]
    assert shown("?board=&q=saknas") == []


def test_editor_does_not_see_other_boards_controls_on_the_manage_section(client, editor, grid):
    client.force_login(editor)
    html = client.get(url(grid["round"])).content.decode()
    assert reverse("followups:missing", args=[grid["round"].pk]) not in html


def test_outsider_may_not_know_an_unpublished_round(client, outsider, grid):
    client.force_login(outsider)
    assert client.get(url(grid["round"])).status_code == 404


def test_signed_out_visitor_may_not_know_an_unpublished_round(client, grid):
    assert client.get(url(grid["round"])).status_code == 404


def test_published_round_is_readable_without_signing_in_and_without_authors(client, grid):
    FollowUpRound.objects.filter(pk=grid["round"].pk).update(state=FollowUpRound.State.PUBLISHED)
    response = client.get(url(grid["round"], "?board="))
    assert response.status_code == 200
    html = response.content.decode()
    assert "På gång." in html
    assert "editor" not in html
    assert "hx-post" not in html


def test_query_count_does_not_grow_with_the_plan(
    client, editor, reader, administration, board, other_board
):
    def queries_for(size, year, user, query=""):
        plan = make_plan(administration=administration, year=year, boards=[board, other_board])
        round = make_sized_plan(plan=plan, size=size, author=editor)
        client.force_login(user)
        counts = []
        for query in ("", "?board=", "?board=&page=2", "?mine=on&missing=on&q=nummer"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url(round, query))
            assert response.status_code == 200
            counts.append(len(queries))
        return counts, response

    small, _ = queries_for(10, 2030, editor)
    large, response = queries_for(200, 2040, editor)
    assert small == large
    assert queries_for(10, 2031, reader)[0] == queries_for(200, 2041, reader)[0]


def test_grid_pages_by_fifty_and_keeps_the_filters_in_the_page_links(
    client, controller, administration, board, other_board
):
    plan = make_plan(administration=administration, year=2035, boards=[board, other_board])
    round = make_sized_plan(plan=plan, size=60, author=controller)  # 120 rows, 60 on BiN
    client.force_login(controller)
    response = client.get(url(round, f"?board={board.pk}&q=&missing="))
    page = response.context["page"]
    assert (len(response.context["rows"]), page.count, page.page_count) == (50, 60, 2)
    html = response.content.decode()
    assert '<nav class="pagination" aria-label="Sidor">' in html
    assert f'href="?board={board.pk}&amp;q=&amp;missing=&amp;page=2"' in html
    second = client.get(url(round, f"?board={board.pk}&q=&missing=&page=2"))
    assert len(second.context["rows"]) == 10
    assert 'aria-current="page"' in second.content.decode()
    first_ids = {row.activity.pk for row in response.context["rows"]}
    assert not first_ids & {row.activity.pk for row in second.context["rows"]}
    # the default view ("mine": a controller may report on every row) is paged too
    default = client.get(url(round, "?page=3"))
    assert len(default.context["rows"]) == 20
    assert default.context["page"].count == default.context["row_count"] == 120


def test_rows_keep_the_plans_reading_order_parts_after_their_activity(
    client, controller, administration, board, other_board
):
    plan = make_plan(administration=administration, year=2036, boards=[board, other_board])
    round = make_sized_plan(plan=plan, size=6, author=controller)
    client.force_login(controller)
    texts = [row.activity.text for row in client.get(url(round, "?board=")).context["rows"]]
    assert texts[:2] == ["Aktivitet nummer 0", "Del av 0"]
    assert texts.index("Del av 3") == texts.index("Aktivitet nummer 3") + 1
    assert len(texts) == 12


def test_published_round_is_paged_and_filtered_as_published(
    client, controller, administration, board, other_board
):
    from vplan.followups.round_lifecycle import Override
    from vplan.reports.publication import publish_round

    plan = make_plan(administration=administration, year=2037, boards=[board, other_board])
    round = make_sized_plan(plan=plan, size=60, author=controller)
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
    round.refresh_from_db()
    early = Override(chosen=True, reason="A plan of a later year, published by the test")
    publish_round(round=round, by=controller, before_as_of=early)
    plan.activities.filter(text="Aktivitet nummer 0").update(text="Ändrad efter publiceringen")
    response = client.get(url(round))  # signed out: the first board by default
    page = response.context["page"]
    assert (page.count, page.page_count, len(page.items)) == (60, 2, 50)
    assert response.context["row_count"] == 120
    html = response.content.decode()
    assert "Aktivitet nummer 0" in html and "Ändrad efter publiceringen" not in html
    assert 'href="?page=2"' in html
    everything = client.get(url(round, "?board=&q=del+av"))
    assert everything.context["page"].count == 60
    assert all(row.text.startswith("Del av") for row in everything.context["page"].items)
    assert client.get(url(round, "?board=&missing=on")).context["page"].count == 0


def test_a_correction_replaces_what_the_grid_kept_of_the_first_publication(
    client, controller, plan, board
):
    from vplan.followups import round_lifecycle
    from vplan.reports.publication import publish_round

    activity = make_activity(plan=plan, text="Rättas efteråt", boards=[board])
    round = make_round(plan=plan)
    report(activity=activity, round=round, comment="Första siffran.")
    round_lifecycle.close_round(round=round, by=controller)
    publish_round(round=round, by=controller)
    assert "Första siffran." in client.get(url(round)).content.decode()
    round_lifecycle.reopen_round(round=round, by=controller)
    report(activity=activity, round=round, comment="Rättad siffra.")
    round_lifecycle.close_round(round=round, by=controller)
    publish_round(round=round, by=controller, correction_reason="Fel siffra.")
    html = client.get(url(round)).content.decode()
    assert "Rättad siffra." in html and "Första siffran." not in html
