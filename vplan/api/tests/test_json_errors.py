"""Every answer under /api/ is JSON ({"detail", "code", "errors"}), whatever goes wrong."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def assert_json_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    assert isinstance(body["errors"], dict)
    return body


@pytest.mark.parametrize("path", ["/api/nope", "/api/plans/abc", "/api/plans/1/nope", "/api/%00"])
def test_an_unknown_or_malformed_path_is_a_json_404(client, path):
    assert_json_error(client.get(path), 404, "not_found")


@pytest.mark.parametrize(
    "method, path, allowed",
    [("delete", "/api/plans", "GET"), ("put", "/api/me", "GET"), ("post", "/api/boards", "GET")],
)
def test_a_method_not_allowed_is_a_json_405_with_allow(client, method, path, allowed):
    response = getattr(client, method)(path)
    body = assert_json_error(response, 405, "method_not_allowed")
    assert response["Allow"] == allowed
    assert method.upper() in body["detail"]


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/search?q=%00", "q"),
        ("/api/search?q=skola%00", "q"),
        ("/api/plans?year=%00", "year"),
        ("/api/rounds?state=%00", "state"),
        ("/api/plans/1?board=B%00N", "board"),
        ("/api/objectplans?year=2024%0B", "year"),
        ("/api/history/activities%00/1", None),
    ],
)
def test_a_nul_or_control_character_in_a_query_is_a_json_400_naming_it(client, path, field):
    response = client.get(path)
    if field is None:  # in the path: no such endpoint
        assert_json_error(response, 404, "not_found")
        return
    body = assert_json_error(response, 400, "invalid")
    assert list(body["errors"]) == [field]
    assert "U+00" in body["errors"][field][0]


def test_the_position_of_the_character_is_named(client):
    body = client.get("/api/search?q=ab%00").json()
    assert body["errors"]["q"] == [
        "Innehåller ett tecken som inte är tillåtet (U+0000) på position 3.",
    ]


def test_a_nul_in_a_json_body_is_a_400_naming_the_field_and_writes_nothing(
    api_as, filled_plan, controller
):
    from vplan.plans.models import Activity

    before = Activity.objects.count()
    api = api_as("controller")
    plan = filled_plan["plan"]
    response = api.post(
        f"/plans/{plan.pk}/activities",
        {
            "text": "Ny\x00 aktivitet",
            "boards": ["BiN"],
            "placements": [{"municipal_goal": filled_plan["goal"].pk}],
        },
    )
    body = assert_json_error(response, 400, "invalid")
    assert list(body["errors"]) == ["text"]
    assert Activity.objects.count() == before


def test_a_nul_deep_in_a_json_body_is_named_by_its_place(api_as, filled_plan, controller):
    api = api_as("controller")
    plan = filled_plan["plan"]
    response = api.post(
        f"/plans/{plan.pk}/activities",
        {"text": "Ny", "boards": ["BiN", "Bo\x00U"], "placements": []},
    )
    body = assert_json_error(response, 400, "invalid")
    assert list(body["errors"]) == ["boards.1"]


@pytest.mark.parametrize("value", ["\x00", "x\ud800"])
def test_a_nul_or_a_lone_surrogate_as_a_status_name_is_a_400(api_as, filled_plan, editor, value):
    api = api_as("editor")
    round_ = filled_plan["round"]
    response = api.post(
        f"/rounds/{round_.pk}/activities/{filled_plan['bin'].pk}/reports",
        {"status": value, "comment": "", "expected_version": 0},
    )
    body = assert_json_error(response, 400, "invalid")
    assert list(body["errors"]) == ["status"]


def test_a_body_that_is_not_json_is_a_json_400(api_as, filled_plan, controller):
    api = api_as("controller")
    response = api.client.post(
        f"/api/plans/{filled_plan['plan'].pk}/activities",
        data="{not json",
        content_type="application/json",
    )
    assert_json_error(response, 400, "invalid")


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("api/crash", crash)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_unhandled_exception_is_a_json_500_and_is_logged(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="vplan.api"):
        response = client.get("/api/crash")
    body = assert_json_error(response, 500, "server_error")
    assert "a bug" not in body["detail"]
    assert any("a bug" in str(record.exc_info) for record in caplog.records)


def test_pages_keep_their_html_errors(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_nul_in_a_form_field_beside_an_upload_is_a_json_400_naming_it(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rapport.txt", b"Rapport\n", content_type="text/plain")
    response = client.post(
        "/api/imports/preview", {"file": upload, "administration": "1", "map_board": "BN\x00=BIN"}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"]["map_board"] == [
        "Innehåller ett tecken som inte är tillåtet (U+0000) på position 3.",
    ]
