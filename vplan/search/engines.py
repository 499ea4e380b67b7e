"""Two ways to find the texts that match a query, with Swedish stemming on both databases.

- PostgreSQL: to_tsvector('swedish', ...) @@ plainto_tsquery('swedish', ...) over the tables
  themselves (django.contrib.postgres.search; the app need not be installed).
- SQLite: one FTS5 table per kind (`search_fts_<kind>`, migration 0003) whose rowid is the row's
  id and whose body is the row's text pre-stemmed with the Snowball Swedish stemmer; the query is
  stemmed the same way. The database keeps these tables current itself: triggers on the searched
  tables (insert, change of the text, delete) call `vplan_search_body()`, which
  `register_sqlite_functions` adds to every SQLite connection. So every write, by whatever path,
  updates the index in its own transaction, and a search only reads. The index holds every row's
  text; which rows count (live, in a live plan, the newest report) is decided when searching, by
  joining the hits with `Kind.readable_rows()`. `reindex_search` rebuilds the tables: a repair.

Both return `Hit`s: which object, of which kind, and how well it matched.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F

from vplan.search.documents import KINDS, Kind
from vplan.swedish.words import SWEDISH_STOP_WORDS, normalised_words, stem, stemmed_text

# The SQL function the triggers of migration 0003 call: the stemmed text of a row's text columns.
SEARCH_BODY_FUNCTION = "vplan_search_body"


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    plan_id: int
    round_id: int | None
    score: float


def query_stems(query: str) -> list[str]:
    """The stems a query searches for: its words minus stop words, stemmed, each once."""
    stems = []
    for word in normalised_words(query):
        if word in SWEDISH_STOP_WORDS:
            continue
        word_stem = stem(word)
        if word_stem not in stems:
            stems.append(word_stem)
    return stems


def _chosen(kinds: list[str] | None) -> list[Kind]:
    return [kind for kind in KINDS.values() if not kinds or kind.key in kinds]


# --- SQLite ---------------------------------------------------------------------------------


def search_body(*texts: str | None) -> str:
    """What the index stores for a row: its text columns, every word stemmed (stop words kept)."""
    return stemmed_text(" ".join(text for text in texts if text))


def register_sqlite_functions(sender=None, connection=None, **kwargs) -> None:
    """Give a new SQLite connection the function the index triggers call (connection_created).

    Without it, writing a searched text fails ("no such function"): the index never goes stale
    unnoticed."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_function(
            SEARCH_BODY_FUNCTION, -1, search_body, deterministic=True
        )


def index_table(kind: Kind) -> str:
    return f"search_fts_{kind.key}"


def reindex_search(*, progress: Callable[[int], object] | None = None) -> int:
    """Rebuild the SQLite full-text tables from the searched tables; returns the entries written.

    Not needed after writes (the triggers keep the index current): a repair, for example after
    rows were written with the triggers missing. `vplan search --reindex` calls it. On PostgreSQL
    there is nothing to rebuild and it returns 0.
    """
    if connection.vendor != "sqlite":
        return 0
    count = 0
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for kind in KINDS.values():
            table = index_table(kind)
            meta = kind.model._meta
            columns = ", ".join(quote(meta.get_field(name).column) for name in kind.fields)
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                f"INSERT INTO {table} (rowid, body) "
                f"SELECT {quote(meta.pk.column)}, {SEARCH_BODY_FUNCTION}({columns}) "
                f"FROM {quote(meta.db_table)}"
            )
            count += cursor.rowcount
            if progress:
                progress(cursor.rowcount)
    return count


def _sqlite_hits(stems, *, plan_ids, round_ids, kinds, limit) -> list[Hit]:
    """Per kind: the index's matches joined with the rows that count, best `limit` first."""
    match = " AND ".join(f'"{s}"' for s in stems)
    hits = []
    for kind in _chosen(kinds):
        table = index_table(kind)
        rows = kind.readable_rows(plan_ids=plan_ids, round_ids=round_ids)
        rows = rows.annotate(hit_id=F("pk"), hit_plan=F(kind.plan_path))
        names = ["hit_id", "hit_plan"]
        if kind.round_path:
            rows = rows.annotate(hit_round=F(kind.round_path))
            names.append("hit_round")
        try:
            rows_sql, rows_params = rows.order_by().values(*names).query.sql_with_params()
        except EmptyResultSet:  # the reader may read no plan, or no round
            continue
        # CROSS JOIN keeps the full-text match the outer loop: SQLite looks each hit up by key.
        sql = (
            f"SELECT live.hit_id, live.hit_plan, {'live.hit_round' if kind.round_path else 'NULL'}, "
            f"bm25({table}) FROM {table} CROSS JOIN ({rows_sql}) AS live "
            f"ON live.hit_id = {table}.rowid WHERE {table} MATCH %s "
            f"ORDER BY bm25({table}), live.hit_id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*rows_params, match, limit])
            hits.extend(
                Hit(kind.key, object_id, plan_id, round_id, -score)
                for object_id, plan_id, round_id, score in cursor.fetchall()
            )
    return sorted(hits, key=lambda hit: (-hit.score, hit.kind, hit.object_id))[:limit]


# --- PostgreSQL -----------------------------------------------------------------------------


def _postgres_hits(query, *, plan_ids, round_ids, kinds, limit) -> list[Hit]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    search_query = SearchQuery(query, config="swedish", search_type="plain")
    hits = []
    for kind in _chosen(kinds):
        vector = SearchVector(*kind.fields, config="swedish")
        rows = kind.readable_rows(plan_ids=plan_ids, round_ids=round_ids)
        rows = rows.annotate(document=vector).filter(document=search_query)
        rows = rows.annotate(score=SearchRank(vector, search_query)).order_by("-score", "pk")
        names = ["pk", kind.plan_path, "score"] + ([kind.round_path] if kind.round_path else [])
        for values in rows.values(*names)[:limit]:
            hits.append(
                Hit(
                    kind.key,
                    values["pk"],
                    values[kind.plan_path],
                    values[kind.round_path] if kind.round_path else None,
                    float(values["score"]),
                )
            )
    return sorted(hits, key=lambda hit: (-hit.score, hit.kind, hit.object_id))[:limit]


def find(
    query: str,
    *,
    plan_ids: list[int] | None = None,
    round_ids: list[int] | None = None,
    kinds: list[str] | None = None,
    limit: int = 50,
) -> list[Hit]:
    """Objects whose text holds every (non-stop) word of `query`, in any inflection.

    `plan_ids` / `round_ids` (None: no limit) restrict the hits to what a user may read.
    """
    stems = query_stems(query)
    if not stems:
        return []
    options = {"plan_ids": plan_ids, "round_ids": round_ids, "kinds": kinds, "limit": limit}
    if connection.vendor == "postgresql":
        return _postgres_hits(query, **options)
    return _sqlite_hits(stems, **options)
