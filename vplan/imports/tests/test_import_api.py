"""The import API: POST /api/imports/preview (dry run) and POST /api/imports (commit), and the
list of imports; through HTTP, with every refusal per persona."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from vplan.api.tokens import create_api_token
from vplan.imports.models import DocumentImport, PendingImport
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_board

from .helpers import small_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_boards(administration):
    """The small report's board codes as boards of the administration (the API takes no board
    choices yet: a code that is not a board of Vplan is refused)."""
    return [
        make_board(code=code, name=name, administration=administration)
        for code, name in [
            ("BiN", "Bildningsnämnden"),
            ("BoU", "Barn- och ungdomsnämnden"),
            ("XyZ", "Exempelnämnden"),
        ]
    ]


def _client(request, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


def _post(client, path, administration, content=None, name="uppfoljning-2031.txt", **extra):
    data = content if content is not None else small_report().encode()
    file = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(f"/api{path}", {"administration": administration.pk, "file": file}, **extra)


def test_the_preview_says_what_would_be_created_and_writes_nothing(
    request, controller, administration, board
):
    response = _post(_client(request, "controller"), "/imports/preview", administration)
    assert response.status_code == 200
    body = response.json()
    assert (body["plan_year"], body["as_of"], body["format"]) == (2031, "31 augusti", "markdown")
    assert body["can_import"] is True
    assert body["already_imported"] is None
    assert body["administration"]["id"] == administration.pk
    boards = {entry["code"]: entry for entry in body["boards"]}
    assert boards["BIN"]["board_id"] == board.pk
    assert boards["XYZ"]["known"] is False
    assert [w["code"] for w in body["warnings"]] == [
        "unknown_board",
        "missing_status",
        "inconsistent_boards",
    ]
    counts = {row["perspective"]: row for row in body["counts"]}
    assert (counts["Medborgare"]["ongoing"], counts["Medborgare"]["total"]) == (2, 3)
    assert (body["activity_rows"], body["distinct_activities"]) == (5, 4)
    assert len(body["document"]["activities"]) == 5
    assert not Plan.objects.filter(year=2031).exists()
    assert not PendingImport.objects.exists()
    assert not DocumentImport.objects.exists()


def test_the_import_commits_once_and_then_says_it_was_imported_before(
    request, controller, administration, known_boards
):
    client = _client(request, "controller")
    first = _post(client, "/imports", administration)
    assert first.status_code == 201
    body = first.json()
    assert body["created"] is True
    assert body["activities_created"] == 4
    record = DocumentImport.objects.get()
    assert body["record"]["id"] == record.pk
    assert body["record"]["imported_by"] == "controller"
    assert record.plan.administration == administration
    second = _post(client, "/imports", administration)
    assert second.status_code == 200
    assert second.json()["created"] is False
    assert "importerades redan" in second.json()["detail"]
    assert Activity.objects.count() == 4
    preview = _post(client, "/imports/preview", administration).json()
    assert preview["already_imported"]["id"] == record.pk
    assert preview["can_import"] is False
    listed = client.get("/api/imports").json()["items"]
    assert [item["id"] for item in listed] == [record.pk]


def test_an_api_token_may_import(controller, administration, known_boards):
    _token, secret = create_api_token(user=controller, name="import")
    response = _post(Client(), "/imports", administration, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/imports/preview", "/imports"])
def test_a_bad_file_is_refused_with_its_name_and_nothing_is_written(
    request, controller, administration, path
):
    response = _post(
        _client(request, "controller"), path, administration, content=b"", name="tom.txt"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"]["file"] == ["tom.txt: filen är tom"]
    assert not DocumentImport.objects.exists()


def test_a_report_without_a_year_is_refused_by_the_import(request, controller, administration):
    text = small_report().replace(" 2031", "").replace("Kvarstår från 2030", "")
    client = _client(request, "controller")
    preview = _post(client, "/imports/preview", administration, content=text.encode()).json()
    assert preview["can_import"] is False
    assert preview["problems"] == ["rapporten säger inte vilket års plan den gäller"]
    response = _post(client, "/imports", administration, content=text.encode())
    assert response.status_code == 400
    assert "rapporten säger inte vilket års plan den gäller" in response.json()["detail"]
    assert not Activity.objects.exists()


def test_a_missing_file_or_administration_is_a_field_error(request, controller, administration):
    client = _client(request, "controller")
    response = client.post("/api/imports", {"administration": administration.pk})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["file"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 403), ("reader", 403), ("outsider", 404), ("anonymous", 401)],
)
@pytest.mark.parametrize("path", ["/imports/preview", "/imports"])
def test_only_managers_may_preview_or_import(request, administration, persona, status, path):
    response = _post(_client(request, persona), path, administration)
    assert response.status_code == status
    assert not DocumentImport.objects.exists()
    assert not Plan.objects.filter(year=2031).exists()


@pytest.mark.parametrize("persona", ["editor", "reader", "outsider", "anonymous"])
def test_others_see_no_imports_in_the_list(request, controller, administration, persona):
    _post(_client(request, "controller"), "/imports", administration)
    response = _client(request, persona).get("/api/imports")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_the_openapi_document_lists_the_import_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/imports", "/api/imports/preview"} <= set(paths)
    assert "multipart/form-data" in paths["/api/imports"]["post"]["requestBody"]["content"]
