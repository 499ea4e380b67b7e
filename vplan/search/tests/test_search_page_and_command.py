"""The search page and `vplan search`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from vplan.testing.factories import make_activity


@pytest.fixture
def activity(plan):
    return make_activity(plan=plan, text="Motverka segregationen i förskolan")


def test_the_page_finds_and_marks(client, activity, reader):
    client.force_login(reader)
    response = client.get(reverse("search:search"), {"q": "segregation"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert "<mark>segregationen</mark>" in content
    assert reverse("plans:activity", args=[activity.pk]) in content


def test_the_page_without_a_query_shows_only_the_form(client, activity, reader):
    client.force_login(reader)
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert "<mark>" not in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", None])
def test_others_find_nothing_of_an_unpublished_plan(client, activity, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("search:search"), {"q": "segregation"})
    assert response.status_code == 200
    assert "i förskolan" not in response.content.decode()


def test_a_bad_year_is_shown_as_an_error(client, activity, reader):
    client.force_login(reader)
    response = client.get(reverse("search:search"), {"q": "segregation", "year": "1066"})
    assert "ds-validation-message" in response.content.decode()


def test_the_command_prints_json(activity):
    out = StringIO()
    call_command("search", "segregation", "--json", stdout=out, stderr=StringIO())
    printed = json.loads(out.getvalue())
    assert [(r["kind"], r["id"], r["plan_year"]) for r in printed] == [
        ("activity", activity.pk, 2024)
    ]


def test_the_command_reindexes(activity):
    err = StringIO()
    call_command("search", "--reindex", stdout=StringIO(), stderr=err)
    assert "Indexed" in err.getvalue()


def test_the_command_needs_words_or_reindex(db):
    with pytest.raises(CommandError):
        call_command("search", stdout=StringIO(), stderr=StringIO())
