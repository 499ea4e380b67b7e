"""On SQLite, the full-text index is kept current by the database: one FTS5 table per kind of
searched text (rowid = the row's id, body = its text stemmed), written by triggers on the searched
tables when a row is added, its text changes or it is deleted. The search no longer checks the
index for staleness or rebuilds it, so the index state (SearchIndexState) goes.

The triggers call vplan_search_body(), the Swedish stemming the search app registers on every
SQLite connection (vplan/search/apps.py, engines.register_sqlite_functions). Which rows count
(live, in a live plan, the newest report of a round) is decided when searching, so soft deletes,
restores and new report versions need no trigger. PostgreSQL searches the tables themselves.
"""

from django.db import migrations

INDEXED = [  # (full-text table, searched table, its text columns)
    ("search_fts_activity", "plans_activity", ["text"]),
    ("search_fts_comment", "followups_statusreport", ["comment"]),
    ("search_fts_board_goal", "plans_boardgoal", ["title", "description"]),
    ("search_fts_municipal_goal", "plans_municipalgoal", ["title"]),
    ("search_fts_assignment", "plans_assignment", ["text"]),
]
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"


def _statements(fts, table, columns):
    new = ", ".join(f"NEW.{column}" for column in columns)
    changed = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in ["id", *columns])
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(body, {TOKENIZE})",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT OR REPLACE INTO {fts} (rowid, body) VALUES (NEW.id, vplan_search_body({new})); "
        "END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF id, {', '.join(columns)} ON {table} "
        f"WHEN {changed} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = OLD.id; "
        f"INSERT OR REPLACE INTO {fts} (rowid, body) VALUES (NEW.id, vplan_search_body({new})); "
        "END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM {fts} WHERE rowid = OLD.id; "
        "END",
        f"INSERT INTO {fts} (rowid, body) "
        f"SELECT id, vplan_search_body({', '.join(columns)}) FROM {table}",
    ]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    for fts, table, columns in INDEXED:
        for statement in _statements(fts, table, columns):
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for fts, table, _columns in INDEXED:
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{event}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
    schema_editor.execute(  # as migration 0002 made it; the old search rebuilds it when empty
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
        "body, kind UNINDEXED, object_id UNINDEXED, plan_id UNINDEXED, round_id UNINDEXED, "
        f"{TOKENIZE})"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_sqlite_full_text_table"),
        ("plans", "0004_activity_postponed_from_unknown_date"),
        ("followups", "0004_published_rounds_are_public_from_now"),
    ]
    operations = [
        migrations.RunPython(create_index, drop_index),
        migrations.DeleteModel(name="SearchIndexState"),
    ]
