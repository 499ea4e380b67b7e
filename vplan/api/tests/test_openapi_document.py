import pytest

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
