"""Search with Swedish stemming, on SQLite (FTS5, pre-stemmed) and PostgreSQL (swedish config)."""

import datetime

import pytest

from vplan.audit.trail import soft_delete
from vplan.followups.models import FollowUpRound
from vplan.search.engines import reindex_search
from vplan.search.results import search
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_assignment,
    make_board_goal,
    make_plan,
    make_round,
    report,
)


@pytest.fixture
def texts(plan):
    round = make_round(plan=plan, as_of=datetime.date(2024, 12, 31))
    segregation = make_activity(
        plan=plan, text="Sätta gemensamma strategier för att motverka segregationen i staden"
    )
    other = make_activity(plan=plan, text="Revidera lönekriterierna för medarbetare och chefer")
    report(
        activity=other,
        round=round,
        status="Pågående",
        comment="Arbetet mot segregation fortsätter.",
    )
    goal = make_board_goal(
        plan=plan, title="Likvärdiga möjligheter", description="Ingen segregering"
    )
    assignment = make_assignment(plan=plan, number=21, text="Samverkan barn och unga i skolorna")
    return {"segregation": segregation, "other": other, "goal": goal, "assignment": assignment}


def _found(results) -> set:
    return {(r.kind, r.object.pk) for r in results}


def test_segregation_finds_segregationen(texts):
    results = search(query="segregation")
    assert ("activity", texts["segregation"].pk) in _found(results)


def test_an_inflected_query_finds_the_base_form_too(texts):
    results = search(query="segregationen")
    assert ("activity", texts["segregation"].pk) in _found(results)
    assert ("comment", texts["other"].reports.get().pk) in _found(results)


def test_goals_assignments_and_comments_are_searched(texts):
    assert ("board_goal", texts["goal"].pk) in _found(search(query="likvärdig"))
    assert ("assignment", texts["assignment"].pk) in _found(search(query="skola"))
    comments = search(query="segregationen", kinds=["comment"])
    assert [r.kind for r in comments] == ["comment"]
    assert comments[0].round_label


def test_every_word_must_occur(texts):
    assert _found(search(query="segregation strategier")) == {("activity", texts["segregation"].pk)}
    assert search(query="segregation lönekriterier") == []


def test_stop_words_alone_find_nothing(texts):
    assert search(query="och i för") == []


def test_matches_are_marked_and_text_is_escaped(plan):
    make_activity(plan=plan, text="Motverka <b>segregationen</b> & utanförskap")
    result = search(query="segregation")[0]
    assert "<mark>" in result.snippet
    assert "<b>" not in result.snippet and "&lt;b&gt;" in result.snippet


def test_every_year_is_searched_and_the_year_can_be_chosen(administration, board):
    for year in (2019, 2023):
        make_activity(
            plan=make_plan(administration=administration, year=year, boards=[board]),
            text=f"Digitala nationella prov {year}",
        )
    assert sorted(r.plan.year for r in search(query="prov")) == [2019, 2023]
    assert [r.plan.year for r in search(query="prov", year=2019)] == [2019]


def test_new_and_deleted_texts_are_seen_without_a_manual_reindex(plan, controller):
    assert search(query="övningsförskolor") == []
    activity = make_activity(plan=plan, text="Starta upp övningsförskolor")
    assert len(search(query="övningsförskola")) == 1
    soft_delete(obj=activity, by=controller)
    assert search(query="övningsförskola") == []


def test_users_find_only_what_they_may_read(texts, reader, outsider, board):
    other_plan = make_plan(administration=make_administration(), year=2024, boards=[board])
    make_activity(plan=other_plan, text="Hemlig segregation i en annan förvaltning")

    assert len(search(query="segregation")) == 3  # the command line sees everything
    assert {r.plan.administration_id for r in search(query="segregation", user=reader)} == {
        texts["segregation"].plan.administration_id
    }
    assert search(query="segregation", user=outsider) == []


def test_the_public_sees_published_plans_but_not_unpublished_comments(texts):
    from django.contrib.auth.models import AnonymousUser

    plan = texts["segregation"].plan
    make_round(plan=plan, as_of=datetime.date(2024, 3, 31), state=FollowUpRound.State.PUBLISHED)

    found = _found(search(query="segregation", user=AnonymousUser()))

    assert ("activity", texts["segregation"].pk) in found
    assert ("comment", texts["other"].reports.get().pk) not in found


def test_reindex_counts_the_texts_and_repairs_an_emptied_index(texts):
    from django.db import connection

    if connection.vendor != "sqlite":
        assert reindex_search() == 0
        return
    from vplan.plans.models import MunicipalGoal

    municipal_goals = MunicipalGoal.objects.count()  # make_activity gives each one
    assert reindex_search() == 2 + 1 + 1 + 1 + municipal_goals
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_fts_activity")
    assert search(query="segregation", kinds=["activity"]) == []  # a search never rebuilds
    reindex_search()
    assert len(search(query="segregation")) == 2
