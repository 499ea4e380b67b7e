"""Both databases index the words of the searched texts as written (lower-cased), no longer
Snowball stems: what a Swedish query word stands for (skolan -> skola, skolans, skolor ...;
elevhälsa -> elevhälsoarbete) is worked out in Python on the query side
(vplan/search/inflections.py), so the same query finds the same rows on SQLite and PostgreSQL.
Snowball's stems alone left definite forms apart (skolan found nothing, skola 46), and
PostgreSQL's Snowball and Python's differ (arbetet).

- PostgreSQL: the GIN indexes of 0004 (to_tsvector('swedish', ...)) are replaced by indexes over
  to_tsvector('simple', ...), the expression vplan/search/engines.py filters on.
- SQLite: the FTS5 tables of 0003 are refilled with what vplan_search_body() now returns (the
  row's words); the triggers stay as they are.
"""

from django.db import migrations

INDEXED = [  # (index, table, text columns as SearchVector joins them, FTS5 table)
    ("search_pg_activity_words", "plans_activity", ["text"], "search_fts_activity"),
    ("search_pg_statusreport_words", "followups_statusreport", ["comment"], "search_fts_comment"),
    (
        "search_pg_boardgoal_words",
        "plans_boardgoal",
        ["title", "description"],
        "search_fts_board_goal",
    ),
    (
        "search_pg_municipalgoal_words",
        "plans_municipalgoal",
        ["title"],
        "search_fts_municipal_goal",
    ),
    ("search_pg_assignment_words", "plans_assignment", ["text"], "search_fts_assignment"),
]
SWEDISH_INDEXES = [  # migration 0004's, over the same tables and columns
    "search_pg_activity_text",
    "search_pg_statusreport_comment",
    "search_pg_boardgoal_text",
    "search_pg_municipalgoal_text",
    "search_pg_assignment_text",
]


def document(columns, config) -> str:
    """SearchVector's SQL for these columns: COALESCE each, joined by a space."""
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('{config}'::regconfig, {joined})"


def refill_sqlite(schema_editor):
    """The FTS5 tables again from the searched tables, through the function the triggers call
    (registered on every SQLite connection by the search app)."""
    for _index, table, columns, fts in INDEXED:
        schema_editor.execute(f"DELETE FROM {fts}")
        schema_editor.execute(
            f"INSERT INTO {fts} (rowid, body) "
            f"SELECT id, vplan_search_body({', '.join(columns)}) FROM {table}"
        )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        refill_sqlite(schema_editor)
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in SWEDISH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    for index, table, columns, _fts in INDEXED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            f"USING gin (({document(columns, 'simple')}))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        refill_sqlite(schema_editor)  # with whichever function the code going back registers
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    for index, _table, _columns, _fts in INDEXED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
    for index, (_new, table, columns, _fts) in zip(SWEDISH_INDEXES, INDEXED, strict=True):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            f"USING gin (({document(columns, 'swedish')}))"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgresql_text_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
