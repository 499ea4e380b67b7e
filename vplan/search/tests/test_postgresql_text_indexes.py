"""On PostgreSQL the search reads a GIN index per kind of text (migration search/0005, the words
as written): the planner can answer each kind's filter (the expression engines.py builds) from
its index, which only holds when the index is over exactly that expression."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection

from vplan.search.documents import KINDS
from vplan.search.engines import POSTGRES_CONFIG

INDEX_OF_KIND = {
    "activity": "search_pg_activity_words",
    "comment": "search_pg_statusreport_words",
    "board_goal": "search_pg_boardgoal_words",
    "municipal_goal": "search_pg_municipalgoal_words",
    "assignment": "search_pg_assignment_words",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(INDEX_OF_KIND))
def test_each_kind_of_text_is_searched_through_its_index(kind):
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            names = connection.introspection.get_constraints(cursor, "plans_activity")
        assert "search_pg_activity_words" not in names  # SQLite keeps its FTS5 tables instead
        return
    searched = KINDS[kind]
    # The kind's rows alone: which rows a user may read is joined on in the search itself, and
    # with the test's empty tables the planner may start from those joins instead.
    rows = searched.model._base_manager.annotate(
        document=SearchVector(*searched.fields, config=POSTGRES_CONFIG)
    ).filter(document=SearchQuery("skol:*", config=POSTGRES_CONFIG, search_type="raw"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = rows.explain()
    assert INDEX_OF_KIND[kind] in plan, plan


@pytest.mark.django_db
def test_the_indexes_take_each_new_row_at_once():
    """No pending list (migration search/0006): a search never reads through the rows written
    since the last VACUUM, whether autovacuum runs or not."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [sorted(INDEX_OF_KIND.values())],
        )
        options = dict(cursor.fetchall())
    assert options == {index: ["fastupdate=off"] for index in INDEX_OF_KIND.values()}
