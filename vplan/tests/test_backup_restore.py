"""Restore from an exchange file, as docs/production.md#backup-and-restore tells an operator to:
`vplan export --all` on the running installation, then on a new one `vplan migrate`,
`vplan load` and `vplan export --all` again: the two files are identical.

vplan/exchange/tests/test_demo_and_imports_round_trip.py already proves export -> load ->
export on a database emptied in place. What this adds: the restore goes to a database that
`vplan migrate` made from nothing, through the `vplan` command line in its own process (a new
SQLite file, or a new PostgreSQL database when the suite runs on PostgreSQL); `--all` holds every
plan; and a damaged file makes `vplan load` exit non-zero with nothing loaded. (One test, as each
step is a process of its own and migrating a new database takes a while.)
"""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from django.core.management import call_command
from django.db import connection

from vplan.plans.models import Plan

pytestmark = pytest.mark.django_db

VPLAN = str(Path(sys.executable).with_name("vplan"))


def vplan(*arguments: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess:
    """`vplan ...` in a process of its own, on the database at `database_url`."""
    environment = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [VPLAN, *arguments],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of a database nothing has touched: a new SQLite file, or on PostgreSQL a new
    database beside the test database (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restore"
    server = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    host = settings["HOST"] or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    try:
        yield f"postgresql://{credentials}@{host}{port}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_demo_restores_into_a_new_installation_identically(demo, tmp_path, fresh_database):
    backup = tmp_path / "vplan-export.json"
    call_command("export", "--all", "-o", str(backup), stderr=StringIO())
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert len(document["plans"]) == Plan.objects.count() >= 3
    assert urlparse(fresh_database).scheme in {"sqlite", "postgresql"}
    migrated = vplan("migrate", "--no-input", database_url=fresh_database, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr

    # A damaged file first: refused with a non-zero exit, and nothing is loaded.
    broken = tmp_path / "broken.json"
    broken.write_text(backup.read_text(encoding="utf-8")[:-500], encoding="utf-8")
    refused = vplan("load", str(broken), database_url=fresh_database, cwd=tmp_path)
    assert refused.returncode != 0
    assert "nothing was loaded" in refused.stderr

    loaded = vplan("load", str(backup), database_url=fresh_database, cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.count("Loaded plan") == len(document["plans"])
    again = tmp_path / "after-restore.json"
    exported = vplan("export", "--all", "-o", str(again), database_url=fresh_database, cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr

    assert again.read_bytes() == backup.read_bytes()
