"""Finding the rows whose text matches a query, on PostgreSQL and on SQLite, one page at a time.

Both databases index the words of every searched text as written, lower-cased, and nothing
else; what a Swedish query word stands for (its inflections, the compounds it begins) is decided
in Python by `inflections.query_terms`, so a query finds the same rows on both.

- PostgreSQL: `to_tsvector('simple', ...)` over the tables themselves, read through one GIN
  expression index per kind of text (migration 0005), matched with a tsquery of the terms
  (prefixes as `'skol':*`), ranked with ts_rank.
- SQLite: one FTS5 table per kind (`search_fts_<kind>`, migration 0003) whose rowid is the row's
  id and whose body is the row's words (`search_body`). Triggers on the searched tables (insert,
  change of the text, delete) call `vplan_search_body()`, which `register_sqlite_functions` adds
  to every SQLite connection: every write, by whatever path, updates the index in its own
  transaction, and a search only reads. Ranked with bm25. `reindex_search` rebuilds the tables:
  a repair.

Which rows count (live, in a live plan, the newest report of a round, readable by the user) is
decided when searching, by joining the matches with `Kind.readable_rows()`. A search costs two
queries whatever the number of matches: the number of matches of every kind (one query), and one
page of them, best first (one query).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F, IntegerField, Value

from vplan.search.documents import KINDS, Kind
from vplan.search.inflections import WordTerms, query_terms
from vplan.swedish.words import normalised_text

# The SQL function the triggers of migration 0003 call: the words of a row's text columns.
SEARCH_BODY_FUNCTION = "vplan_search_body"
# The text search configuration of the PostgreSQL indexes (migration 0005): words as written.
POSTGRES_CONFIG = "simple"


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    plan_id: int
    round_id: int | None
    score: float


# --- SQLite ---------------------------------------------------------------------------------


def search_body(*texts: str | None) -> str:
    """What the index stores for a row: the words of its text columns, lower-cased."""
    return normalised_text(" ".join(text for text in texts if text))


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


def _sqlite_matches(kind: Kind, rows, terms: list[WordTerms], *, scored: bool):
    """The kind's readable rows that match, as SQL selecting hit_id, hit_plan, hit_round, score."""
    table = index_table(kind)
    rows_sql, rows_params = rows.query.sql_with_params()
    score = f"-bm25({table})" if scored else "0"
    # CROSS JOIN keeps the full-text match the outer loop: SQLite looks each hit up by key.
    sql = (
        f"SELECT live.hit_id, live.hit_plan, live.hit_round, {score} AS score "
        f"FROM {table} CROSS JOIN ({rows_sql}) AS live ON live.hit_id = {table}.rowid "
        f"WHERE {table} MATCH %s"
    )
    return sql, [*rows_params, " AND ".join(word.fts5() for word in terms)]


# --- PostgreSQL -----------------------------------------------------------------------------


def _postgres_matches(kind: Kind, rows, terms: list[WordTerms], *, scored: bool):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    class TermsQuery(SearchQuery):
        """The terms as a tsquery, taken as they are (to_tsquery would parse them again)."""

        def as_sql(self, compiler, connection, function=None, template=None):
            return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS tsquery)")

    query = TermsQuery(" & ".join(word.tsquery() for word in terms))
    vector = SearchVector(*kind.fields, config=POSTGRES_CONFIG)
    rows = rows.annotate(document=vector).filter(document=query)
    rows = rows.annotate(score=SearchRank(vector, query) if scored else Value(0.0))
    sql, params = rows.values("hit_id", "hit_plan", "hit_round", "score").query.sql_with_params()
    return f"SELECT hit_id, hit_plan, hit_round, score FROM ({sql}) AS matched", list(params)


# --- Both -----------------------------------------------------------------------------------


class Matches:
    """The readable rows matching a query: counted per kind, read a slice at a time, best first.

    Lazy like a queryset: `count()` and `counts` cost one query (the number of matches of every
    kind, cached), a slice one query (`Hit`s ordered by score, then kind and id)."""

    def __init__(self, query: str, *, plan_ids, round_ids, kinds: list[str] | None):
        self.terms = query_terms(query)
        self.plan_ids = plan_ids
        self.round_ids = round_ids
        self.kinds = [key for key in KINDS if not kinds or key in kinds]

    def _kind_sql(self, key: str, *, scored: bool) -> tuple[str, list] | None:
        kind = KINDS[key]
        rows = kind.readable_rows(plan_ids=self.plan_ids, round_ids=self.round_ids)
        rows = rows.order_by().annotate(
            hit_id=F("pk"),
            hit_plan=F(kind.plan_path),
            hit_round=F(kind.round_path) if kind.round_path else Value(None, IntegerField()),
        )
        matches = _postgres_matches if connection.vendor == "postgresql" else _sqlite_matches
        try:
            sql, params = matches(kind, rows, self.terms, scored=scored)
        except EmptyResultSet:  # the reader may read no plan, or no round
            return None
        return sql, params

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many readable rows of each kind match (every kind, whichever are chosen)."""
        counts = dict.fromkeys(KINDS, 0)
        parts = [(key, part) for key in KINDS if (part := self._kind_sql(key, scored=False))]
        if not self.terms or not parts:
            return counts
        sql = " UNION ALL ".join(
            f"SELECT %s, count(*) FROM ({part_sql}) AS k{i}"
            for i, (_key, (part_sql, _params)) in enumerate(parts)
        )
        params = [p for key, (_sql, part_params) in parts for p in (key, *part_params)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            counts.update(dict(cursor.fetchall()))
        return counts

    def count(self) -> int:
        return sum(self.counts[key] for key in self.kinds)

    def __len__(self) -> int:
        return self.count()

    def all(self) -> "Matches":
        return self

    def page(self, offset: int, limit: int) -> list[Hit]:
        parts = [(key, part) for key in self.kinds if (part := self._kind_sql(key, scored=True))]
        if not self.terms or not parts or limit <= 0:
            return []
        union = " UNION ALL ".join(
            f"SELECT %s AS hit_kind, hit_id, hit_plan, CAST(hit_round AS BIGINT) AS hit_round, "
            f"score FROM ({sql}) AS hits"
            for _key, (sql, _p) in parts
        )
        params = [p for key, (_sql, part_params) in parts for p in (key, *part_params)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT hit_kind, hit_id, hit_plan, hit_round, score FROM ({union}) AS found "
                "ORDER BY score DESC, hit_kind, hit_id LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [
                Hit(kind, object_id, plan_id, round_id, float(score))
                for kind, object_id, plan_id, round_id, score in cursor.fetchall()
            ]

    def __getitem__(self, item):
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("Matches are read a slice at a time: matches[start:stop].")
        if item.stop is None:
            raise TypeError("Matches are read a page at a time: give the slice an end.")
        start = item.start or 0
        return self.page(start, item.stop - start)


def find(
    query: str,
    *,
    plan_ids: list[int] | None = None,
    round_ids: list[int] | None = None,
    kinds: list[str] | None = None,
) -> Matches:
    """The rows whose text holds every (non-stop) word of `query`, in any inflection.

    `plan_ids` / `round_ids` (None: no limit) restrict the hits to what a user may read."""
    return Matches(query, plan_ids=plan_ids, round_ids=round_ids, kinds=kinds)
