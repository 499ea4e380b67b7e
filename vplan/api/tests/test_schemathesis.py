"""schemathesis against /api/openapi.json: no server error, and every answer as documented.

Every operation of the OpenAPI document gets generated requests (valid ones and some that
are not), in-process through Django's WSGI handler on the test database with the demo
municipality: as the demo administrator with a personal API token, and anonymously. Each answer
must be no 5xx, have a documented status code and content type, and a body that matches the
documented schema. Writes land in the test's transaction and go with it.

The examples are bounded and derandomized (the same requests on every run); MAX_EXAMPLES sets
how many per operation.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from vplan.api.api import api
from vplan.api.tokens import create_api_token

MAX_EXAMPLES = 12
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Operations left out, each with its reason. Uploads (the imports, the Word template, an object
# plan) get random bytes as a file, which the readers refuse with a documented 400; they are
# tested with real documents in their apps, and random bytes only slow this test down.
LEFT_OUT = {
    ("POST", "/api/imports"): "an upload: tested with real documents in vplan/imports",
    ("POST", "/api/imports/preview"): "an upload: tested with real documents in vplan/imports",
    ("POST", "/api/objectplans/import"): "an upload: tested in vplan/objectplans",
    (
        "POST",
        "/api/administrations/{administration_id}/report-templates",
    ): "an upload: tested in vplan/reports",
}

# Read from the API itself (the document /api/openapi.json serves). schemathesis' lazy
# from_fixture loader does not run on pytest 9, and the document needs no database.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
for method, path in LEFT_OUT:
    schema = schema.exclude(method=method, path=path)


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, without closing the database connection after each request (the
    test client does the same): the requests run in the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token_headers(demo):
    _token, text = create_api_token(user=demo["users"]["admin"], name="schemathesis")
    return {"Authorization": f"Bearer {text}"}


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schema.parametrize()
@SETTINGS
def test_api_as_the_administrator_with_a_token(case, demo, wsgi_app, token_headers):
    case.call_and_validate(app=wsgi_app, headers=token_headers, checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_api_anonymously(case, demo, wsgi_app):
    case.call_and_validate(app=wsgi_app, checks=CHECKS)
