"""Finding the rows whose text matches a query, on PostgreSQL and on SQLite, one page at a time.

Both databases index the words of every searched text as written, lower-cased, and nothing
else; what a Swedish query word stands for (its inflections, the compounds it begins) is decided
in Python by `inflections.query_terms`, so a query finds the same rows on both.

- PostgreSQL: `to_tsvector('simple', ...)` over the tables themselves, read through one GIN
  expression index per kind of text (migration 0005), matched with a tsquery of the terms
  (prefixes as `'skol':*`).
- SQLite: one FTS5 table per kind (`search_fts_<kind>`, migration 0003) whose rowid is the row's
  id and whose body is the row's words (`search_body`). Triggers on the searched tables (insert,
  change of the text, delete) call `vplan_search_body()`, which `register_sqlite_functions` adds
  to every SQLite connection: every write, by whatever path, updates the index in its own
  transaction, and a search only reads. `reindex_search` rebuilds the tables: a repair.

Which rows count (live, in a live plan, the newest report of a round, readable by the user) is
decided when searching, by joining the matches with `Kind.readable_rows()`. A search costs two
queries whatever the number of matches: the number of matches of every kind (one query, counting
up to COUNT_LIMIT + 1 of each), and one page of them (one query), newest first within each kind
(not ranked by bm25/ts_rank: ranking 20,000 matches of "skola" took 170 ms on SQLite alone).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F

from vplan.search.documents import KINDS, Kind
from vplan.search.inflections import WordTerms, query_terms
from vplan.swedish.words import normalised_text

# The SQL function the triggers of migration 0003 call: the words of a row's text columns.
SEARCH_BODY_FUNCTION = "vplan_search_body"
# The text search configuration of the PostgreSQL indexes (migration 0005): words as written.
POSTGRES_CONFIG = "simple"


# The order of the kinds in the results: what people act on first, status comments last.
RESULT_ORDER = ["activity", "board_goal", "municipal_goal", "assignment", "comment"]
# The most matches of one kind a search counts and lists (see Matches).
COUNT_LIMIT = 1000


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    plan_id: int
    round_id: int | None


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


def _sqlite_matches(kind: Kind, rows, terms: list[WordTerms], *, offset, limit, ordered):
    """The kind's readable rows that match, newest first, as SQL selecting hit_id, hit_plan,
    hit_round."""
    table = index_table(kind)
    rows_sql, rows_params = rows.query.sql_with_params()
    # CROSS JOIN keeps the full-text match the outer loop, read newest first from the index
    # itself: SQLite looks each hit up by key and stops when the page is full.
    sql = (
        f"SELECT live.hit_id, live.hit_plan, live.hit_round "
        f"FROM {table} CROSS JOIN ({rows_sql}) AS live ON live.hit_id = {table}.rowid "
        f"WHERE {table} MATCH %s {f'ORDER BY {table}.rowid DESC' if ordered else ''} "
        "LIMIT %s OFFSET %s"
    )
    return sql, [*rows_params, " AND ".join(word.fts5() for word in terms), limit, offset]


# --- PostgreSQL -----------------------------------------------------------------------------


def _postgres_matches(kind: Kind, rows, terms: list[WordTerms], *, offset, limit, ordered):
    from django.contrib.postgres.search import SearchQuery, SearchVector

    class TermsQuery(SearchQuery):
        """The terms as a tsquery, taken as they are (to_tsquery would parse them again)."""

        def as_sql(self, compiler, connection, function=None, template=None):
            return super().as_sql(compiler, connection, template="CAST(%(expressions)s AS tsquery)")

    query = TermsQuery(" & ".join(word.tsquery() for word in terms))
    vector = SearchVector(*kind.fields, config=POSTGRES_CONFIG)
    rows = rows.annotate(document=vector).filter(document=query)
    if ordered:
        # Newest first, by an expression the primary key's index cannot give: otherwise the
        # planner may walk that index backwards computing to_tsvector for every row until the
        # page is full, which takes 2 s when the words are rare (a prefix's selectivity is a
        # guess). Sorting the GIN index's matches costs milliseconds.
        rows = rows.order_by((F("hit_id") + 0).desc())
    rows = rows.values("hit_id", "hit_plan", "hit_round")[offset : offset + limit]
    sql, params = rows.query.sql_with_params()
    return f"SELECT hit_id, hit_plan, hit_round FROM ({sql}) AS matched", list(params)


# --- Both -----------------------------------------------------------------------------------


class Matches:
    """The readable rows matching a query: counted per kind, read a slice at a time.

    Ordered by kind (RESULT_ORDER), then newest first (the most recently written row first: the
    newest plans' texts). Each kind's list holds at most COUNT_LIMIT rows: a word as common as
    "skola" matches 20,000 texts at 30,000 activities, and counting or ranking all of them is
    what a search must not cost; a reader narrows by kind, year or another word instead.

    Lazy like a queryset: `count()` and `counts` cost one query (up to COUNT_LIMIT + 1 matches
    of every kind, cached), a slice one query (reading only the rows up to the slice's end)."""

    def __init__(self, query: str, *, plan_ids, round_ids, kinds: list[str] | None):
        self.terms = query_terms(query)
        self.plan_ids = plan_ids
        self.round_ids = round_ids
        self.kinds = [key for key in RESULT_ORDER if not kinds or key in kinds]

    def _kind_sql(self, key: str, *, offset: int, limit: int, ordered: bool = True):
        kind = KINDS[key]
        postgres = connection.vendor == "postgresql"
        rows = kind.hits(
            plan_ids=self.plan_ids, round_ids=self.round_ids, one_by_one=postgres and not ordered
        )
        matches = _postgres_matches if postgres else _sqlite_matches
        try:
            sql, params = matches(
                kind, rows, self.terms, offset=offset, limit=limit, ordered=ordered
            )
        except EmptyResultSet:  # the reader may read no plan, or no round
            return None
        return (
            f"SELECT %s AS hit_kind, %s AS kind_order, hit_id, hit_plan, "
            f"CAST(hit_round AS BIGINT) AS hit_round FROM ({sql}) AS hits",
            [key, RESULT_ORDER.index(key), *params],
        )

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many readable rows of each kind match, up to COUNT_LIMIT + 1 (every kind, whichever
        are chosen: the page offers them)."""
        counts = dict.fromkeys(KINDS, 0)
        if not self.terms:
            return counts
        parts = [
            (key, part)
            for key in RESULT_ORDER
            if (part := self._kind_sql(key, offset=0, limit=COUNT_LIMIT + 1, ordered=False))
        ]
        if not parts:
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

    def is_cut(self, key: str | None = None) -> bool:
        """Whether a kind (None: any chosen kind) has more matches than its list holds."""
        return any(self.counts[k] > COUNT_LIMIT for k in ([key] if key else self.kinds))

    def count(self) -> int:
        """How many rows the list holds: every chosen kind's matches, at most COUNT_LIMIT each."""
        return sum(min(self.counts[key], COUNT_LIMIT) for key in self.kinds)

    def __len__(self) -> int:
        return self.count()

    def all(self) -> "Matches":
        return self

    def page(self, offset: int, limit: int) -> list[Hit]:
        """Rows offset to offset + limit of the list: each chosen kind's part of it, one query."""
        parts, skip = [], offset
        for key in self.kinds:
            size = min(self.counts[key], COUNT_LIMIT)
            if limit <= 0:
                break
            if skip >= size:
                skip -= size
                continue
            take = min(limit, size - skip)
            if part := self._kind_sql(key, offset=skip, limit=take):
                parts.append(part)
            skip, limit = 0, limit - take
        if not parts:
            return []
        union = " UNION ALL ".join(
            f"SELECT * FROM ({sql}) AS part{i}" for i, (sql, _p) in enumerate(parts)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT hit_kind, hit_id, hit_plan, hit_round FROM ({union}) AS found "
                "ORDER BY kind_order, hit_id DESC",
                [p for _sql, part_params in parts for p in part_params],
            )
            return [Hit(*row) for row in cursor.fetchall()]

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
