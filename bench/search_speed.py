"""How long a search takes on a loaded database: the search itself and the search page.

Usage (on a database loaded with `vplan load` of `bench/dataset.py --scale large`):
    DATABASE_URL=postgresql://.../db VPLAN_DEBUG=true .venv/bin/python bench/search_speed.py
    DATABASE_URL=sqlite:////path/large.sqlite3 VPLAN_DEBUG=true .venv/bin/python bench/search_speed.py
Options: --repeat N (default 7), --json FILE, words as arguments (default WORDS).

For each query it prints the median of N runs (after one warm-up) of
- `search`: what the page reads for every plan (no user: the command line's view): the number of
  matches of each kind and the first page of PAGE_SIZE results with their objects;
- `page`: GET /search/?q= through Django's test client as a signed-out visitor (published plans),
  the whole request: middleware, access, the form, the template;
and the number of matches and of queries. Nothing is written to the database. Figures only.

Run with the code of another commit on its PYTHONPATH (cd there; PYTHONPATH=. python
/path/to/bench/search_speed.py) to compare; for code before the paged search the search is
`search(query=..., limit=PAGE_SIZE)`, whose count is the page's.
"""

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vplan.search import results as search_module  # noqa: E402

WORDS = [
    "skola",
    "skolan",
    "skolans",
    "elevhälsan",
    "förskolor",
    "lärare",
    "kvalitetsarbete",
    "rutiner närvaro",
]
PAGE_SIZE = 20


def run_search(query: str) -> int:
    """The search as the page reads it; returns the number of matches."""
    if hasattr(search_module, "search_results"):
        results = search_module.search_results(query=query)
        count = results.count()
        results[0:PAGE_SIZE]
        return count
    return len(search_module.search(query=query, limit=PAGE_SIZE))


def timed(function, repeat: int) -> tuple[float, int]:
    function()  # warm: caches, the first reverse(), the planner
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("words", nargs="*", default=WORDS)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", help="write the figures to this file")
    options = parser.parse_args()

    client = Client()
    figures = []
    print(f"{connection.vendor}, median of {options.repeat} runs")
    print(f"{'query':<20} {'search ms':>10} {'queries':>8} {'matches':>8} {'page ms':>8} {'KB':>6}")
    for query in options.words:
        search_ms, search_queries = timed(lambda q=query: run_search(q), options.repeat)
        matches = run_search(query)

        def page(q=query):
            response = client.get("/search/", {"q": q})
            assert response.status_code == 200, response.status_code
            return response

        page_ms, _page_queries = timed(page, options.repeat)
        size = len(page().content) / 1024
        print(
            f"{query:<20} {search_ms:10.1f} {search_queries:8d} {matches:8d} {page_ms:8.1f} "
            f"{size:6.1f}"
        )
        figures.append(
            {
                "query": query,
                "search_ms": round(search_ms, 1),
                "queries": search_queries,
                "matches": matches,
                "page_ms": round(page_ms, 1),
                "bytes": round(size * 1024),
            }
        )
    overall = statistics.median(f["search_ms"] for f in figures)
    print(f"median over the queries: search {overall:.1f} ms (goal < 200 ms)")
    if options.json:
        with open(options.json, "w") as out:
            json.dump({"database": connection.vendor, "queries": figures}, out, indent=2)


if __name__ == "__main__":
    sys.exit(main())
