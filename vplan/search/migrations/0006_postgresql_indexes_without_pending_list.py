"""PostgreSQL: the search's GIN indexes take each new row at once (fastupdate off) instead of
collecting new rows in a pending list that every search then reads through and rechecks.

With fastupdate on (PostgreSQL's default), the rows written since the last VACUUM wait in the
index's pending list, up to gin_pending_list_limit (4 MB): at 30,000 activities and 105,000
status reports, after a load, the lists held 6,000 activities and 12,000 reports, and a search
for "skola" read the status reports' index in 108 ms instead of 25 ms (the activities': 69 ms
instead of 15 ms). Where autovacuum is slow or off the lists stay. Without the list a write adds
its words to the index itself: a bulk insert of 105,000 reports took 11 s instead of 5 s, one
saved report a fraction of a millisecond more.

Nothing changes on SQLite (its FTS5 tables, migration 0003).
"""

from django.db import migrations

INDEXES = [  # migration 0005's
    "search_pg_activity_words",
    "search_pg_statusreport_words",
    "search_pg_boardgoal_words",
    "search_pg_municipalgoal_words",
    "search_pg_assignment_words",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} SET (fastupdate = off)")
        # Turning fastupdate off keeps the rows already waiting: move them into the index.
        schema_editor.execute(
            "SELECT gin_clean_pending_list(oid) FROM pg_class WHERE relname = %s", [index]
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {index} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_index_words_as_written")]

    operations = [migrations.RunPython(forwards, backwards)]
