"""Saving one row of the entry grid: with htmx (a row fragment) and without (a redirect)."""

import pytest
from django.urls import reverse

from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.testing.factories import make_activity, make_round, report


@pytest.fixture
def activity(plan, board):
    return make_activity(plan=plan, text="Införa läsfrämjande insatser", boards=[board])


@pytest.fixture
def round(plan):
    return make_round(plan=plan)


def url(round, activity):
    return reverse("followups:report", args=[round.pk, activity.pk])


def form(activity, *, status="Pågående", comment="Halvvägs.", version=0):
    prefix = f"a{activity.pk}"
    return {
        f"{prefix}-status": str(Status.objects.get(name=status).pk) if status else "",
        f"{prefix}-comment": comment,
        f"{prefix}-expected_version": str(version),
    }


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_editor_saves_a_row_with_htmx_and_gets_the_row_back(client, editor, round, activity):
    client.force_login(editor)
    response = client.post(url(round, activity), form(activity), **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tbody id="activity-{activity.pk}">')
    assert "<html" not in html
    assert "Sparat" in html
    assert 'value="1"' in html  # the next save builds on version 1
    assert "vplan:announce" in response["HX-Trigger"]
    saved = StatusReport.objects.get(activity=activity, round=round)
    assert (saved.status.name, saved.comment, saved.author, saved.version) == (
        "Pågående",
        "Halvvägs.",
        editor,
        1,
    )


def test_editor_saves_without_javascript_and_is_redirected_to_the_row(
    client, editor, round, activity
):
    client.force_login(editor)
    response = client.post(url(round, activity), form(activity))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#activity-{activity.pk}")
    page = client.get(response["Location"])
    assert "Sparat: Införa läsfrämjande insatser" in page.content.decode()
    assert StatusReport.objects.filter(activity=activity, round=round).count() == 1


def test_a_second_save_adds_a_version_and_keeps_the_first(client, editor, round, activity):
    client.force_login(editor)
    client.post(url(round, activity), form(activity), **HTMX)
    client.post(
        url(round, activity),
        form(activity, status="Genomfört", comment="Klart.", version=1),
        **HTMX,
    )
    reports = StatusReport.objects.filter(activity=activity, round=round).order_by("version")
    assert [(r.version, r.status.name) for r in reports] == [(1, "Pågående"), (2, "Genomfört")]


def test_stale_save_is_refused_with_both_versions_shown(
    client, editor, controller, round, activity
):
    report(
        activity=activity,
        round=round,
        status="Genomfört",
        comment="Controllerns text.",
        author=controller,
    )
    client.force_login(editor)
    response = client.post(url(round, activity), form(activity, comment="Min text."), **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Controllerns text." in html  # the saved version
    assert "Min text." in html  # the author's own, not lost
    assert "Spara min ändå" in html
    assert 'value="1"' in html  # saving again now builds knowingly on version 1
    current = (
        StatusReport.objects.filter(activity=activity, round=round).order_by("-version").first()
    )
    assert (current.version, current.comment) == (1, "Controllerns text.")


def test_stale_save_without_javascript_shows_the_page_with_the_conflict(
    client, editor, controller, round, activity
):
    report(
        activity=activity,
        round=round,
        status="Genomfört",
        comment="Controllerns text.",
        author=controller,
    )
    client.force_login(editor)
    response = client.post(url(round, activity), form(activity, comment="Min text."))
    assert response.status_code == 409
    html = response.content.decode()
    assert "<h1" in html and "Controllerns text." in html and "Min text." in html
    assert StatusReport.objects.filter(activity=activity, round=round).count() == 1


def test_saving_again_after_a_conflict_adds_the_authors_version(
    client, editor, controller, round, activity
):
    report(
        activity=activity,
        round=round,
        status="Genomfört",
        comment="Controllerns text.",
        author=controller,
    )
    client.force_login(editor)
    client.post(url(round, activity), form(activity, comment="Min text."), **HTMX)
    response = client.post(
        url(round, activity), form(activity, comment="Min text.", version=1), **HTMX
    )
    assert response.status_code == 200
    comments = list(
        StatusReport.objects.filter(activity=activity, round=round)
        .order_by("version")
        .values_list("comment", flat=True)
    )
    assert comments == ["Controllerns text.", "Min text."]


def test_missing_status_is_refused_with_the_field_error(client, editor, round, activity):
    client.force_login(editor)
    response = client.post(url(round, activity), form(activity, status=None), **HTMX)
    assert response.status_code == 422
    assert "ds-validation-message" in response.content.decode()
    assert not StatusReport.objects.exists()


def test_closed_round_refuses_the_save_and_shows_the_text(client, editor, round, activity):
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
    client.force_login(editor)
    response = client.post(url(round, activity), form(activity, comment="Sent."), **HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "tar inte längre emot rapporter" in html and "Sent." in html
    assert "hx-post" not in html
    assert not StatusReport.objects.exists()


def test_editor_may_not_report_on_another_boards_activity(client, editor, round, plan, other_board):
    theirs = make_activity(plan=plan, boards=[other_board])
    client.force_login(editor)
    assert client.post(url(round, theirs), form(theirs), **HTMX).status_code == 403
    assert not StatusReport.objects.exists()


def test_reader_may_not_report(client, reader, round, activity):
    client.force_login(reader)
    assert client.post(url(round, activity), form(activity)).status_code == 403


def test_outsider_may_not_know_the_activity(client, outsider, round, activity):
    client.force_login(outsider)
    assert client.post(url(round, activity), form(activity)).status_code == 404


def test_signed_out_visitor_may_not_report(client, round, activity):
    response = client.post(url(round, activity), form(activity))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not StatusReport.objects.exists()


def test_activity_of_another_plan_is_not_found(client, controller, round, administration, board):
    from vplan.testing.factories import make_plan

    other = make_activity(plan=make_plan(administration=administration, year=2030, boards=[board]))
    client.force_login(controller)
    assert client.post(url(round, other), form(other)).status_code == 404


def test_get_is_not_allowed(client, editor, round, activity):
    client.force_login(editor)
    assert client.get(url(round, activity)).status_code == 405


def test_a_save_costs_the_same_queries_in_a_small_and_a_large_plan(
    client, editor, administration, board, other_board
):
    """Saving a row reads and renders that row only, never the grid."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vplan.front.tests.sized_plan import make_sized_plan
    from vplan.testing.factories import make_plan

    def queries_for(size, year):
        plan = make_plan(administration=administration, year=year, boards=[board, other_board])
        round = make_sized_plan(plan=plan, size=size, author=editor)
        activity = plan.activities.filter(boards=board, parent__isnull=True).first()
        client.force_login(editor)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url(round, activity), form(activity, version=1), **HTMX)
        assert response.status_code == 200
        assert StatusReport.objects.filter(activity=activity, round=round).count() == 2
        return len(queries)

    assert queries_for(2, 2030) == queries_for(40, 2040)
