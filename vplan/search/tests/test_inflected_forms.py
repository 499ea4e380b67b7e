"""What a Swede expects of search: inflected forms find each other, on SQLite and PostgreSQL alike.

One table of queries, what each must find and what it must not, on a small set of texts,
through the search function, the search page and GET /api/search. The suite runs on both
databases, so the same query finds the same rows on both.
"""

import datetime
import re

import pytest
from django.urls import reverse

from vplan.search.inflections import word_terms
from vplan.search.results import search
from vplan.testing.factories import make_activity, make_round, report

TEXTS = {
    "skola": "Rusta upp en skola i centrum",
    "skolan": "Renovera skolan i Norrby",
    "skolans": "Utveckla skolans bibliotek",
    "skolor": "Bygga två nya skolor",
    "skolorna": "Stärka skolorna i ytterområdena",
    "skolgården": "Rusta skolgården vid Ekbacken",
    "grundskolan": "Höja resultaten i grundskolan",
    "skal": "Byta skal på lekredskapen",
    "elevhälsa": "Samordna elevhälsa och hälsovård",
    "elevhälsan": "Förstärka elevhälsan",
    "elevhälsans": "Följa upp elevhälsans insatser",
    "elevhälsoarbetet": "Utveckla elevhälsoarbetet",
    "kompetens": "Säkra kompetens inom digitalisering",
    "kompetensen": "Höja kompetensen hos personalen",
    "området": "Öka tryggheten i området",
    "rektor": "Ge varje rektor ett ledningsstöd",
    "rektorerna": "Rektorerna får handledning",
    "bil": "Köpa in en bil till hemtjänsten",
    "bilarna": "Byta bilarna mot elbilar",
    "barnen": "Barnen får frukost",
    "plan": "Ta fram en plan för lokaler",
    "planen": "Följa upp planen",
    "platser": "Fler platser i förskolan",
}
SKOLA = {"skola", "skolan", "skolans", "skolor", "skolorna", "skolgården"}
ELEVHÄLSA = {"elevhälsa", "elevhälsan", "elevhälsans", "elevhälsoarbetet"}

# query: (must find exactly these texts)
FINDS = {
    # definite, genitive, plural, plural definite: each finds all, and the compounds they begin
    "skola": SKOLA,
    "skolan": SKOLA,
    "skolans": SKOLA,
    "skolor": SKOLA,
    "skolorna": SKOLA,
    "Skolornas": SKOLA,
    # a compound is found by its whole word (and its forms), not by its last part
    "grundskola": {"grundskolan"},
    "grundskolans": {"grundskolan"},
    "elevhälsa": ELEVHÄLSA,
    "elevhälsan": ELEVHÄLSA,
    "elevhälsans": ELEVHÄLSA,
    # a compound query does not find its first part alone
    "elevhälsoarbete": {"elevhälsoarbetet"},
    "kompetens": {"kompetens", "kompetensen"},
    "kompetensen": {"kompetens", "kompetensen"},
    "område": {"området"},
    "områdena": {"området"},
    "rektor": {"rektor", "rektorerna"},
    "rektorn": {"rektor", "rektorerna"},
    # a short stem matches its forms exactly, not every word beginning with it
    "bil": {"bil", "bilarna"},
    "bilen": {"bil", "bilarna"},
    "barn": {"barnen"},
    "plan": {"plan", "planen"},
    "planer": {"plan", "planen"},
    "skal": {"skal"},
    # every word must occur
    "elevhälsa förstärka": {"elevhälsan"},
    "skolan bibliotek": {"skolans"},
}
MUST_NOT_FIND = [
    ("skal", "skola"),
    ("skola", "grundskolan"),
    ("skola", "skal"),
    ("plan", "platser"),
    ("bil", "skolans"),  # bibliotek does not begin with the stem bil
    ("barn", "bil"),
    ("elevhälsoarbete", "elevhälsa"),
]


@pytest.fixture
def texts(plan) -> dict[int, str]:
    """The activities, by id: which text each holds."""
    return {make_activity(plan=plan, text=text).pk: key for key, text in TEXTS.items()}


def _keys(results, texts) -> set[str]:
    return {texts[r.object.pk] for r in results if r.kind == "activity"}


@pytest.mark.parametrize("query", sorted(FINDS))
def test_each_form_finds_what_a_swede_expects(texts, query):
    assert _keys(search(query=query, kinds=["activity"]), texts) == FINDS[query]


@pytest.mark.parametrize("query, other", MUST_NOT_FIND)
def test_and_not_what_only_looks_alike(texts, query, other):
    assert other not in _keys(search(query=query, kinds=["activity"]), texts)


def test_the_page_and_the_api_find_the_same_as_the_function(client, texts, reader):
    client.force_login(reader)
    for query in ("skolans", "elevhälsan", "rektorn", "bilen"):
        wanted = {pk for pk, key in texts.items() if key in FINDS[query]}
        page = client.get(reverse("search:search"), {"q": query, "kind": "activity"})
        assert page.status_code == 200
        shown = {int(pk) for pk in re.findall(r'href="/activities/(\d+)/"', page.content.decode())}
        assert shown == wanted
        api = client.get("/api/search", {"q": query, "kind": "activity"})
        assert api.status_code == 200
        assert {item["id"] for item in api.json()["items"]} == wanted
        assert api.json()["count"] == len(wanted)


def test_matching_forms_are_marked(plan):
    make_activity(plan=plan, text="Skolan och skolornas elevhälsa, inte skalet")
    result = search(query="skola elevhälsan")[0]
    assert str(result.snippet) == (
        "<mark>Skolan</mark> och <mark>skolornas</mark> <mark>elevhälsa</mark>, inte skalet"
    )


def test_status_comments_are_found_in_any_form_too(plan):
    round = make_round(plan=plan, as_of=datetime.date(2024, 8, 31))
    activity = make_activity(plan=plan, text="Ny idrottshall")
    comment = report(activity=activity, round=round, comment="Elevhälsans lokaler är klara.")
    found = search(query="elevhälsa", kinds=["comment"])
    assert [(r.kind, r.object.pk) for r in found] == [("comment", comment.pk)]


def test_a_query_word_is_widened_the_same_way_whatever_the_database():
    """The terms are Python's alone: the databases hold words as written."""
    assert word_terms("skolans").prefixes == ("skol",)
    assert word_terms("elevhälsan").prefixes == ("elevhäls",)
    assert "bilarna" in word_terms("bil").exact and not word_terms("bil").prefixes
