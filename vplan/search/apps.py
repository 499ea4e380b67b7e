from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created


class SearchConfig(AppConfig):
    name = "vplan.search"
    label = "search"

    def ready(self):
        # Infrastructure, not a domain effect: every SQLite connection gets the SQL function the
        # full-text index's triggers call (engines.py).
        from vplan.search.engines import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="vplan_search_body")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_sqlite_functions(connection=connection)
