"""On SQLite, an FTS5 table holding every searchable text pre-stemmed with the Swedish Snowball
stemmer. PostgreSQL needs nothing: it searches with to_tsvector('swedish', ...) directly."""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "body, kind UNINDEXED, object_id UNINDEXED, plan_id UNINDEXED, round_id UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE)


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index_state")]
    operations = [migrations.RunPython(create_table, drop_table)]
