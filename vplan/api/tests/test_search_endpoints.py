"""Search through the API: every year at once, what the caller may read, matching words marked."""

import pytest

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import make_activity, make_plan, make_round, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(plan, administration, board):
    activity = make_activity(plan=plan, text="Motverka segregationen i förskolan")
    older = make_plan(administration=administration, year=2023, boards=[board])
    old = make_activity(plan=older, text="Kartlägga segregation i skolvalet")
    round = make_round(plan=plan)
    report(activity=activity, round=round, status="Pågående", comment="Segregerade områden först.")
    return {"activity": activity, "old": old, "round": round}


@pytest.mark.parametrize("persona", ["admin_user", "controller", "editor", "reader"])
def test_members_find_every_year_with_the_words_marked(api_as, found, persona):
    response = api_as(persona).get("/search", q="segregation")
    assert response.status_code == 200
    results = {(r["kind"], r["id"]): r for r in response.json()["items"]}
    assert set(results) == {("activity", found["activity"].pk), ("activity", found["old"].pk)}
    hit = results[("activity", found["activity"].pk)]
    assert hit["snippet"] == "Motverka <mark>segregationen</mark> i förskolan"
    assert hit["url"] == f"/activities/{found['activity'].pk}/"
    assert (hit["plan_year"], hit["administration"]) == (2024, "Testförvaltningen")


def test_filters_by_year_and_kind(api_as, found, reader):
    api = api_as("reader")
    assert [r["id"] for r in api.get("/search", q="segregation", year=2023).json()["items"]] == [
        found["old"].pk
    ]
    comments = api.get("/search", q="områden", kind="comment").json()["items"]
    assert [(r["kind"], r["round"]) for r in comments] == [("comment", found["round"].label)]
    assert api.get("/search", q="segregation", kind="comment").json()["items"] == []


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_others_find_only_what_is_published(api_as, found, persona, outsider):
    api = api_as(persona)
    assert api.get("/search", q="segregation").json() == {"items": [], "count": 0}
    FollowUpRound.objects.filter(pk=found["round"].pk).update(state="published")
    results = api.get("/search", q="segregation").json()["items"]
    assert [r["id"] for r in results] == [found["activity"].pk]


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "segregation", "kind": "plan"}, "kind"),
        ({"q": "segregation", "limit": 0}, "limit"),
        ({"q": "segregation", "year": "i år"}, "year"),
    ],
)
def test_bad_input_is_named(api_as, found, reader, params, field):
    response = api_as("reader").get("/search", **params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_limit_caps_the_results(api_as, found, reader):
    page = api_as("reader").get("/search", q="segregation", limit=1).json()
    assert (len(page["items"]), page["count"]) == (1, 2)


def test_refusals_speak_swedish_unless_english_is_chosen(api_as, reader):
    api = api_as("reader")
    assert api.get("/search", q=" ").json()["errors"]["q"] == ["Skriv vad du vill söka efter."]
    api.client.cookies["django_language"] = "en"
    assert api.get("/search", q=" ").json()["errors"]["q"] == ["Write what to search for."]
