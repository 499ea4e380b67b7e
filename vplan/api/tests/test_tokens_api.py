"""GET /api/tokens, POST /api/tokens and POST /api/tokens/{id}/revoke: one's own tokens."""

import json

import pytest
from django.test import Client

from vplan.api.models import ApiToken
from vplan.api.tokens import create_api_token

pytestmark = pytest.mark.django_db


def bearer(text: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}", "HTTP_ACCEPT_LANGUAGE": "en"}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_shows_ones_own_tokens_without_their_secret(controller, editor):
    token, text = create_api_token(user=controller, name="skript", scope="read")
    create_api_token(user=editor, name="annans")
    response = Client().get("/api/tokens", **bearer(text))
    assert response.status_code == 200
    rows = response.json()["items"]
    assert [row["name"] for row in rows] == ["skript"]
    row = rows[0]
    assert row["hint"] == token.hint
    assert row["scope"] == "read"
    assert row["usable"] is True
    assert row["revoked_by"] is None
    assert "token" not in row and text not in json.dumps(rows)


def test_signed_out_callers_get_401():
    response = Client().get("/api/tokens")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_signed_in_session_makes_a_token_shown_once(controller):
    client = signed_in(controller)
    response = client.post(
        "/api/tokens",
        data={"name": "Rapport", "scope": "read", "expires_in_days": 30},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["token"].startswith("vplan_")
    assert body["scope"] == "read"
    assert Client().get("/api/me", **bearer(body["token"])).json()["username"] == "controller"
    assert "token" not in client.get("/api/tokens").json()["items"][0]


def test_a_token_cannot_make_tokens(controller):
    _token, text = create_api_token(user=controller, name="skript")
    response = Client().post(
        "/api/tokens", data={"name": "ny"}, content_type="application/json", **bearer(text)
    )
    assert response.status_code == 403
    assert "cannot make tokens" in response.json()["detail"]
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x", "expires_in_days": 0}, "expires_in_days"),
        ({"name": "x", "scope": "admin"}, "scope"),
        ({"name": "  "}, "name"),
        ({"name": "x", "owner": "admin"}, "owner"),
    ],
)
def test_a_bad_request_names_the_field_and_makes_nothing(controller, body, field):
    response = signed_in(controller).post("/api/tokens", data=body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_a_token_revokes_itself_and_the_revoker_is_recorded(controller):
    token, text = create_api_token(user=controller, name="skript")
    response = Client().post(f"/api/tokens/{token.pk}/revoke", **bearer(text))
    assert response.status_code == 200
    assert response.json()["revoked_by"] == "controller"
    assert response.json()["usable"] is False
    assert Client().get("/api/me", **bearer(text)).status_code == 401


def test_revoking_twice_is_a_400(controller):
    token, _text = create_api_token(user=controller, name="skript")
    client = signed_in(controller)
    assert client.post(f"/api/tokens/{token.pk}/revoke").status_code == 200
    again = client.post(f"/api/tokens/{token.pk}/revoke")
    assert again.status_code == 400
    assert "token" in again.json()["errors"]


def test_someone_elses_token_is_not_found(controller, admin_user):
    token, _text = create_api_token(user=controller, name="skript")
    response = signed_in(admin_user).post(f"/api/tokens/{token.pk}/revoke")
    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_a_read_only_token_cannot_revoke(controller):
    token, text = create_api_token(user=controller, name="skript", scope="read")
    response = Client().post(f"/api/tokens/{token.pk}/revoke", **bearer(text))
    assert response.status_code == 403
    token.refresh_from_db()
    assert not token.is_revoked
