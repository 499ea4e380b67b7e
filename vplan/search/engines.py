"""Two ways to find the texts that match a query, with Swedish stemming on both databases.

- PostgreSQL: to_tsvector('swedish', ...) @@ plainto_tsquery('swedish', ...) over the tables
  themselves (django.contrib.postgres.search; the app need not be installed).
- SQLite: an FTS5 table (migration 0002) whose content is pre-stemmed with the Snowball Swedish
  stemmer; the query is stemmed the same way. `reindex_search` rebuilds it; a search rebuilds it
  first when it is empty or when the data has changed since it was built (see `fingerprint`).

Both return `Hit`s: which object, of which kind, and how well it matched.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Max

from vplan.audit.models import ChangeRecord
from vplan.search.documents import KINDS, documents
from vplan.search.models import SearchIndexState
from vplan.swedish.words import SWEDISH_STOP_WORDS, normalised_words, stem, stemmed_text

TABLE = "search_fts"
BATCH = 1000


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


# --- SQLite ---------------------------------------------------------------------------------


def fingerprint() -> str:
    """Changes whenever a searchable row is added, or anything is changed through the audit trail
    (every edit and soft delete in Vplan leaves a ChangeRecord)."""
    parts = []
    for kind in KINDS.values():
        figures = kind.model._base_manager.aggregate(highest=Max("pk"), count=Count("pk"))
        parts.append(f"{kind.key}={figures['highest'] or 0}/{figures['count']}")
    last_change = ChangeRecord.objects.aggregate(highest=Max("pk"))["highest"] or 0
    parts.append(f"changes={last_change}")
    return ";".join(parts)


def reindex_search(*, progress: Callable[[int], object] | None = None) -> int:
    """Rebuild the SQLite full-text index from scratch; returns the number of entries.

    Call it after bulk changes (imports, loads); `vplan search --reindex` does. On PostgreSQL
    there is nothing to rebuild and it returns 0.
    """
    if connection.vendor != "sqlite":
        return 0
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        stamp = fingerprint()
        cursor.execute(f"DELETE FROM {TABLE}")
        batch = []
        for document in documents():
            batch.append(
                (
                    stemmed_text(document.text),
                    document.kind,
                    document.object_id,
                    document.plan_id,
                    document.round_id,
                )
            )
            if len(batch) >= BATCH:
                count += _insert(cursor, batch, progress)
                batch = []
        count += _insert(cursor, batch, progress)
        SearchIndexState.objects.all().delete()
        SearchIndexState.objects.create(fingerprint=stamp, entries=count)
    return count


def _insert(cursor, batch, progress) -> int:
    if batch:
        cursor.executemany(
            f"INSERT INTO {TABLE} (body, kind, object_id, plan_id, round_id) "
            "VALUES (%s, %s, %s, %s, %s)",
            batch,
        )
        if progress:
            progress(len(batch))
    return len(batch)


def ensure_fresh_index() -> None:
    """Rebuild the SQLite index when it is empty or stale; a no-op on PostgreSQL."""
    if connection.vendor != "sqlite":
        return
    state = SearchIndexState.objects.first()
    if state is None or state.entries == 0 or state.fingerprint != fingerprint():
        reindex_search()


def _sqlite_hits(stems, *, plan_ids, round_ids, kinds, limit) -> list[Hit]:
    ensure_fresh_index()
    match = " AND ".join(f'"{s}"' for s in stems)
    sql = [
        f"SELECT kind, object_id, plan_id, round_id, bm25({TABLE}) FROM {TABLE} "
        f"WHERE {TABLE} MATCH %s"
    ]
    params: list = [match]
    if plan_ids is not None:
        sql.append("AND plan_id IN (SELECT value FROM json_each(%s))")
        params.append(json.dumps(plan_ids))
    if round_ids is not None:
        sql.append("AND (round_id IS NULL OR round_id IN (SELECT value FROM json_each(%s)))")
        params.append(json.dumps(round_ids))
    if kinds:
        sql.append("AND kind IN (SELECT value FROM json_each(%s))")
        params.append(json.dumps(list(kinds)))
    sql.append(f"ORDER BY bm25({TABLE}) LIMIT %s")
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(" ".join(sql), params)
        return [
            Hit(kind, int(object_id), int(plan_id), int(round_id) if round_id else None, -score)
            for kind, object_id, plan_id, round_id, score in cursor.fetchall()
        ]


# --- PostgreSQL -----------------------------------------------------------------------------


def _postgres_hits(query, *, plan_ids, round_ids, kinds, limit) -> list[Hit]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    search_query = SearchQuery(query, config="swedish", search_type="plain")
    hits = []
    for kind in KINDS.values():
        if kinds and kind.key not in kinds:
            continue
        vector = SearchVector(*kind.fields, config="swedish")
        rows = kind.rows().annotate(document=vector).filter(document=search_query)
        if plan_ids is not None:
            rows = rows.filter(**{f"{kind.plan_path}__in": plan_ids})
        if round_ids is not None and kind.round_path:
            rows = rows.filter(**{f"{kind.round_path}__in": round_ids})
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
