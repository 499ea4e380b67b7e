"""Overview pages: who may see them, CSV exports, filters in the URL, flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.testing.factories import make_activity, make_administration, make_round, report

PAGES = ["overviews:status", "overviews:done_share", "overviews:chronic", "overviews:overdue"]


@pytest.fixture
def filled_plan(plan):
    round = make_round(plan=plan)
    for n in range(3):
        activity = make_activity(
            plan=plan, text=f"Aktivitet {n} om segregation", decided_end="Mars"
        )
        report(activity=activity, round=round, status="Pågående")
    return plan


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["admin_user", "controller", "editor", "reader"])
def test_members_see_every_page(client, filled_plan, page, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(page, args=[filled_plan.administration_id]))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("page", PAGES)
def test_outsiders_get_404_and_anonymous_users_are_sent_to_sign_in(
    client, filled_plan, outsider, page
):
    url = reverse(page, args=[filled_plan.administration_id])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_members_of_another_administration_are_refused(client, filled_plan, reader):
    other = make_administration()
    client.force_login(reader)
    assert client.get(reverse("overviews:status", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_each_page_exports_csv_with_semicolons_and_a_bom(client, filled_plan, reader, board, page):
    client.force_login(reader)
    url = reverse(page, args=[filled_plan.administration_id])
    response = client.get(url, {"format": "csv", "year": 2024, "board": board.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert ";" in body.splitlines()[0]


def test_the_status_csv_has_the_counts(client, filled_plan, reader):
    client.force_login(reader)
    url = reverse("overviews:status", args=[filled_plan.administration_id])
    body = client.get(url, {"format": "csv", "by": "board"}).content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0].split(";")[-1]  # a total column
    assert lines[-1].split(";")[-1] == "3"


def test_filters_stay_in_the_links(client, filled_plan, reader, board):
    client.force_login(reader)
    url = reverse("overviews:done_share", args=[filled_plan.administration_id])
    content = client.get(url, {"year": 2024, "board": board.pk}).content.decode()
    assert f"year=2024&amp;board={board.pk}&amp;format=csv" in content
    chronic = reverse("overviews:chronic", args=[filled_plan.administration_id])
    assert f"{chronic}?year=2024&amp;board={board.pk}" in content


def test_a_bad_filter_is_shown_not_crashed_on(client, filled_plan, reader):
    client.force_login(reader)
    url = reverse("overviews:status", args=[filled_plan.administration_id])
    response = client.get(url, {"year": "1066", "by": "nonsense"})
    assert response.status_code == 200
    assert "ds-validation-message" in response.content.decode()


def test_the_index_sends_a_member_of_one_administration_to_it(client, filled_plan, reader):
    client.force_login(reader)
    response = client.get(reverse("overviews:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("overviews:status", args=[filled_plan.administration_id])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_query_counts_do_not_grow_with_the_plan(client, filled_plan, reader, page):
    client.force_login(reader)
    url = reverse(page, args=[filled_plan.administration_id])
    client.get(url)  # warm the caches every request shares (content types)
    small = _queries(client, url)
    round = filled_plan.rounds.get()
    for n in range(30):
        activity = make_activity(plan=filled_plan, text=f"Fler {n}", decided_end="Mars")
        report(activity=activity, round=round, status="Genomfört" if n % 2 else "Kvarstår")
    assert _queries(client, url) == small
