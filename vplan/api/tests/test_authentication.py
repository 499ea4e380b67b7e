import pytest
from django.test import Client

from vplan.api.models import ApiToken
from vplan.api.tokens import create_api_token, revoke_api_token
from vplan.testing.factories import make_round

pytestmark = pytest.mark.django_db


def test_a_personal_token_signs_the_caller_in(controller):
    token, text = create_api_token(user=controller, name="skript")
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}")
    assert response.status_code == 200
    assert response.json()["username"] == "controller"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_the_hash_of_a_token_is_stored(controller):
    token, text = create_api_token(user=controller, name="skript")
    assert text not in {token.token_hash, token.hint}
    assert len(token.token_hash) == 64


def test_a_token_can_write_without_csrf(plan, controller):
    _token, text = create_api_token(user=controller, name="skript")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/plans/{plan.pk}/rounds",
        data={"label": "Per 31 mars", "as_of": "2024-03-31"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {text}",
    )
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    "header", ["Bearer vplan_wrong", "Bearer ", "Token abc", "Basic dXNlcjpwdw=="]
)
def test_a_wrong_token_is_refused_not_ignored(plan, header):
    make_round(plan=plan, state="published")
    response = Client().get("/api/rounds", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_revoked_token_is_refused(controller):
    token, text = create_api_token(user=controller, name="skript")
    revoke_api_token(token=token)
    response = Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}")
    assert response.status_code == 401


def test_an_inactive_users_token_is_refused(controller):
    _token, text = create_api_token(user=controller, name="skript")
    controller.is_active = False
    controller.save(update_fields=["is_active"])
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 401


def test_anonymous_may_read_but_not_write(plan):
    client = Client()
    assert client.get("/api/me").json()["authenticated"] is False
    response = client.post(
        f"/api/plans/{plan.pk}/rounds",
        data={"label": "Per 31 mars", "as_of": "2024-03-31"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_session_writes_only_with_the_csrf_token(plan, controller):
    client = Client(enforce_csrf_checks=True)
    client.force_login(controller)
    body = {"label": "Per 31 mars", "as_of": "2024-03-31"}
    refused = client.post(
        f"/api/plans/{plan.pk}/rounds", data=body, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    page = RequestFactory().get("/")
    masked = get_token(page)  # what a page's form or meta tag carries
    client.cookies["csrftoken"] = page.META["CSRF_COOKIE"]
    accepted = client.post(
        f"/api/plans/{plan.pk}/rounds",
        data=body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=masked,
    )
    assert accepted.status_code == 201, accepted.json()


def test_the_command_creates_lists_and_revokes(controller, capsys):
    from django.core.management import call_command

    call_command("apitoken", "create", "controller", "--name", "rapportskript")
    text = capsys.readouterr().out.strip()
    assert text.startswith("vplan_")
    token = ApiToken.objects.get()
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 200
    call_command("apitoken", "list", "controller")
    assert "rapportskript" in capsys.readouterr().out
    call_command("apitoken", "revoke", str(token.pk))
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 401


def test_the_command_refuses_unknown_users_and_blank_names(controller):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="nobody"):
        call_command("apitoken", "create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="name"):
        call_command("apitoken", "create", "controller", "--name", " ")
    assert not ApiToken.objects.exists()
