import importlib
import inspect
import pkgutil
from collections import defaultdict

import pytest
from ninja import Schema

from vplan.api import endpoints, schemas

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_served_and_lists_the_endpoints(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Vplan API"
    paths = document["paths"]
    assert "/api/rounds/{round_id}/activities/{activity_id}/reports" in paths
    assert (
        "409"
        in paths["/api/rounds/{round_id}/activities/{activity_id}/reports"]["post"]["responses"]
    )
    assert {"ApiTokenAuth", "SessionAuth"} <= set(document["components"]["securitySchemes"])


def test_there_is_no_docs_page_loading_a_cdn(client):
    response = client.get("/api/docs")
    assert response.status_code == 404
    assert b"cdn" not in response.content.lower()


def test_every_shape_has_a_name_of_its_own():
    """A schema's class name is its name in the OpenAPI document: two of one name would make one
    endpoint's answer point at the other's shape there."""
    defined = defaultdict(list)
    for package in (schemas, endpoints):
        for found in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{found.name}")
            for value in vars(module).values():
                is_schema = inspect.isclass(value) and issubclass(value, Schema)
                if is_schema and value.__module__ == module.__name__:
                    defined[value.__name__].append(module.__name__)
    assert {name: modules for name, modules in defined.items() if len(modules) > 1} == {}


def test_the_status_reports_answers_are_status_reports(client):
    document = client.get("/api/openapi.json").json()
    reports = document["paths"]["/api/rounds/{round_id}/activities/{activity_id}/reports"]
    answer = reports["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"] == "#/components/schemas/PagedStatusReportOut"
    page = document["components"]["schemas"]["PagedStatusReportOut"]
    assert page["properties"]["items"]["items"]["$ref"] == "#/components/schemas/StatusReportOut"
    assert "author" in document["components"]["schemas"]["StatusReportOut"]["properties"]
