"""How long load_demo() takes on a fresh database (SQLite file, or DATABASE_URL if set).

Usage: .venv/bin/python bench/demo_load.py
Prints the time of a first load (which also hashes the demo password once), a second load of
fresh data in the same process (what a test after the first pays), and a call that finds the
demo loaded already.
"""

import os
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from vplan.demo.demo_data import load_demo  # noqa: E402


class Rollback(Exception):
    pass


def timed_load(label: str) -> None:
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            demo = load_demo()
            elapsed = time.perf_counter() - started
            print(
                f"{label}: {elapsed * 1000:.0f} ms, {len(queries)} queries, "
                f"{len(demo['activities'])} activities, created={demo['created']}"
            )
            raise Rollback
    except Rollback:
        pass


call_command("migrate", verbosity=0)
print(f"database: {connection.vendor}")
timed_load("first load (hashes the password)")
timed_load("second load (fresh data)")
load_demo()
started = time.perf_counter()
load_demo()
print(f"already loaded: {(time.perf_counter() - started) * 1000:.0f} ms")
