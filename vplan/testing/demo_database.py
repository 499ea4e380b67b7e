"""The demo municipality loaded once per test session into a template database (pytest plugin).

A test that asks for the `demo` fixture runs on a copy of Exempelkommun; every other test runs
on the usual empty test database and never sees it. The demo is loaded once per session (once
per pytest-xdist worker, each of which has a test database of its own), when the first test
asks for it:

- SQLite (the test database lives in memory): the demo is loaded once and kept in a second
  in-memory database. Before a demo test the test database is saved and the demo copied over it
  with SQLite's online backup (milliseconds); after the test the saved database comes back.
- PostgreSQL: the demo is loaded once into `<test database>_demo`, made with
  `CREATE DATABASE ... TEMPLATE <test database>`. A demo test runs on it inside its rolled-back
  transaction; a transactional one (live server, browser) gets a copy of its own
  (`CREATE DATABASE ... TEMPLATE <test database>_demo`), dropped afterwards.

The switch happens just before pytest-django opens the test's transaction (`_django_db_helper`)
and is undone after that transaction is rolled back or the tables are flushed.

Transactional tests end by emptying every table, the reference rows of the data migrations
(perspectives, statuses) too: they are put back after each one, as migrated (same ids, which a
later test's serialized_rollback expects), so the next test on the worker finds the database as
migrated whatever order pytest-xdist runs the tests in.
"""

from __future__ import annotations

import sqlite3

import pytest

# The models whose rows the data migrations write and every test expects; a flush removes them.
REFERENCE_MODELS = ["plans.Perspective", "followups.Status"]

TEMPLATE_FIXTURE = "demo_template_database"
REFERENCE_FIXTURE = "reference_rows"

# Whether the running test is on the demo's copy (set and cleared around pytest-django's fixture).
_on_demo = {"now": False}


class ReferenceRows:
    """The reference rows as migrated, read once, to put back after a flush."""

    def __init__(self):
        from django.apps import apps

        self.rows = []
        for label in REFERENCE_MODELS:
            model = apps.get_model(label)
            fields = [field.attname for field in model._meta.concrete_fields]
            self.rows.append((model, list(model.objects.values(*fields))))

    def put_back(self) -> None:
        for model, rows in self.rows:
            model.objects.bulk_create([model(**row) for row in rows], ignore_conflicts=True)


def _load_demo() -> None:
    from vplan.demo.demo_data import load_demo

    load_demo()


def _forget_content_types() -> None:
    """Content types are cached by id, and each database numbers its own."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


class SqliteDemo:
    """The demo kept in a private in-memory SQLite database, copied over the test database."""

    def __init__(self, connection):
        self.connection = connection
        self.demo = sqlite3.connect(":memory:", check_same_thread=False)
        self.saved = sqlite3.connect(":memory:", check_same_thread=False)

    def _database(self) -> sqlite3.Connection:
        self.connection.ensure_connection()
        return self.connection.connection

    def create(self) -> None:
        database = self._database()
        database.backup(self.saved)
        try:
            _load_demo()
            database.backup(self.demo)
        finally:
            self.saved.backup(database)

    def enter(self, *, transactional: bool) -> None:
        database = self._database()
        database.backup(self.saved)
        self.demo.backup(database)

    def leave(self) -> None:
        self.saved.backup(self._database())

    def drop(self) -> None:
        self.demo.close()
        self.saved.close()


class PostgresDemo:
    """The demo in a database of its own, made from the test database as a template."""

    def __init__(self, connection):
        self.connection = connection
        self.test_name = connection.settings_dict["NAME"]
        self.demo_name = f"{self.test_name}_demo"
        self.copy_name = f"{self.test_name}_demo_copy"
        self.copied = False

    def _maintenance(self, *statements: tuple[str, list]) -> None:
        with self.connection._nodb_cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)

    def _copy(self, *, source: str, target: str) -> None:
        """A new database `target` with `source`'s contents; nobody may be connected to source."""
        quote = self.connection.ops.quote_name
        self.connection.close()
        self._maintenance(
            (
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [source],
            ),
            (f"DROP DATABASE IF EXISTS {quote(target)} WITH (FORCE)", []),
            (f"CREATE DATABASE {quote(target)} TEMPLATE {quote(source)}", []),
        )

    def _drop(self, name: str) -> None:
        self._maintenance(
            (f"DROP DATABASE IF EXISTS {self.connection.ops.quote_name(name)} WITH (FORCE)", [])
        )

    def _use(self, name: str) -> None:
        """Every connection opened from now on, the live server's too, goes to `name`."""
        self.connection.close()
        self.connection.settings_dict["NAME"] = name

    def create(self) -> None:
        self._copy(source=self.test_name, target=self.demo_name)
        self._use(self.demo_name)
        try:
            _load_demo()
        finally:
            self._use(self.test_name)

    def enter(self, *, transactional: bool) -> None:
        if transactional:  # it empties the tables when it ends: give it a copy
            self._copy(source=self.demo_name, target=self.copy_name)
            self.copied = True
            self._use(self.copy_name)
        else:
            self._use(self.demo_name)

    def leave(self) -> None:
        self._use(self.test_name)
        if self.copied:
            self._drop(self.copy_name)
            self.copied = False

    def drop(self) -> None:
        self._use(self.test_name)
        self._drop(self.copy_name)
        self._drop(self.demo_name)


def _is_transactional(request) -> bool:
    """As pytest-django decides it (`_django_db_helper`)."""
    from pytest_django.fixtures import validate_django_db

    marker = request.node.get_closest_marker("django_db")
    if marker is not None:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        if transaction or reset_sequences:
            return True
    return any(name in request.fixturenames for name in ("transactional_db", "live_server"))


@pytest.fixture(scope="session")
def reference_rows(django_db_setup, django_db_blocker):
    """Read when the first transactional test starts, before it can have changed anything."""
    with django_db_blocker.unblock():
        return ReferenceRows()


@pytest.fixture(scope="session")
def demo_template_database(django_db_setup, django_db_blocker):
    """The demo, loaded once into the template; `demo` is what tests ask for."""
    from django.db import connection

    template = SqliteDemo(connection) if connection.vendor == "sqlite" else PostgresDemo(connection)
    with django_db_blocker.unblock():
        template.create()
    _forget_content_types()
    yield template
    with django_db_blocker.unblock():
        template.drop()


@pytest.fixture
def demo(demo_template_database, db):
    """Exempelkommun (`vplan.demo.demo_data.load_demo()`'s objects by key), already loaded: this
    test runs on a copy of the session's demo database and its changes go with the test."""
    from vplan.demo.demo_data import load_demo

    if not _on_demo["now"]:
        pytest.fail("ask for the demo fixture as an argument: it must be known before the test")
    return load_demo()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Around pytest-django's per-test database fixture: switch to the demo before it opens the
    test's transaction, and back after it has rolled back or flushed; after a transactional test
    without the demo, put the reference rows back."""
    if fixturedef.argname != "_django_db_helper":
        return (yield)
    blocker = request.getfixturevalue("django_db_blocker")
    transactional = _is_transactional(request)
    if TEMPLATE_FIXTURE in request.fixturenames:
        template = request.getfixturevalue(TEMPLATE_FIXTURE)
        with blocker.unblock():
            template.enter(transactional=transactional)
        _on_demo["now"] = True
        _forget_content_types()

        def leave():
            _on_demo["now"] = False
            with blocker.unblock():
                template.leave()
            _forget_content_types()

        fixturedef.addfinalizer(leave)  # runs after the fixture's own teardown
    elif transactional:
        reference = request.getfixturevalue(REFERENCE_FIXTURE)

        def put_back_reference_rows():
            with blocker.unblock():
                reference.put_back()

        fixturedef.addfinalizer(put_back_reference_rows)
    return (yield)
