"""Personal API tokens: scope, expiry and revocation, as the API sees them."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from vplan.api.models import DEFAULT_LIFETIME_DAYS, ApiToken
from vplan.api.tokens import create_api_token, revoke_api_token
from vplan.audit.trail import history_of
from vplan.testing.factories import make_activity

pytestmark = pytest.mark.django_db


def bearer(text: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {text}", "HTTP_ACCEPT_LANGUAGE": "en"}


def new_round(client: Client, plan, text: str):
    return client.post(
        f"/api/plans/{plan.pk}/rounds",
        data={"label": "Per 31 mars", "as_of": f"{plan.year}-03-31"},
        content_type="application/json",
        **bearer(text),
    )


def test_a_token_lives_ninety_days_unless_told_otherwise(controller):
    token, _text = create_api_token(user=controller, name="skript")
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - datetime.timedelta(days=DEFAULT_LIFETIME_DAYS)) < datetime.timedelta(
        minutes=1
    )
    assert token.scope == ApiToken.Scope.READ_WRITE


def test_a_read_only_token_reads(controller):
    _token, text = create_api_token(user=controller, name="läsare", scope=ApiToken.Scope.READ)
    response = Client().get("/api/me", **bearer(text))
    assert response.status_code == 200
    assert response.json()["username"] == "controller"


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_a_read_only_token_is_refused_any_change_with_403_json(plan, controller, method):
    _token, text = create_api_token(user=controller, name="läsare", scope=ApiToken.Scope.READ)
    activity = make_activity(plan=plan, boards=list(plan.administration.boards.all()))
    path = {
        "post": f"/api/plans/{plan.pk}/rounds",
        "patch": f"/api/activities/{activity.pk}",
        "delete": f"/api/activities/{activity.pk}",
    }[method]
    body = {"post": {"label": "Per 31 mars", "as_of": f"{plan.year}-03-31"}}.get(method, {})
    response = getattr(Client(), method)(
        path, data=body, content_type="application/json", **bearer(text)
    )
    assert response.status_code == 403
    answer = response.json()
    assert answer["code"] == "forbidden"
    assert "read-only" in answer["detail"]
    assert not plan.rounds.exists()
    activity.refresh_from_db()
    assert activity.deleted_at is None


def test_the_read_only_refusal_is_in_swedish_by_default(plan, controller):
    _token, text = create_api_token(user=controller, name="läsare", scope=ApiToken.Scope.READ)
    response = Client().post(
        f"/api/plans/{plan.pk}/rounds",
        data={},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {text}",
    )
    assert response.status_code == 403
    assert "bara läsa" in response.json()["detail"]


def test_a_read_write_token_changes(plan, controller):
    _token, text = create_api_token(user=controller, name="skript")
    assert new_round(Client(), plan, text).status_code == 201


def test_an_expired_token_is_refused_with_the_date(controller):
    token, text = create_api_token(user=controller, name="skript", expires_in_days=30)
    with time_machine.travel(token.expires_at + datetime.timedelta(seconds=1)):
        response = Client().get("/api/me", **bearer(text))
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert "expired" in body["detail"]
    assert f"{timezone.localtime(token.expires_at):%Y-%m-%d}" in body["detail"]


def test_a_token_works_until_it_expires(controller):
    token, text = create_api_token(user=controller, name="skript", expires_in_days=30)
    with time_machine.travel(token.expires_at - datetime.timedelta(minutes=1)):
        assert Client().get("/api/me", **bearer(text)).status_code == 200


def test_a_revoked_token_is_refused_with_a_clear_message(controller):
    token, text = create_api_token(user=controller, name="skript")
    revoke_api_token(token=token, by=controller)
    response = Client().get("/api/me", **bearer(text))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_revoking_records_who_revoked_not_the_owner(controller, admin_user):
    token, _text = create_api_token(user=controller, name="skript")
    revoke_api_token(token=token, by=admin_user)
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    record = history_of(token).filter(action="changed").get()
    assert record.changed_by == admin_user
    assert record.changes["revoked_by"] == [None, admin_user.pk]


def test_revoking_from_the_command_line_names_nobody_unless_told(controller):
    token, _text = create_api_token(user=controller, name="skript")
    revoke_api_token(token=token, by=None)
    token.refresh_from_db()
    assert token.revoked_by is None
    assert history_of(token).filter(action="changed").get().changed_by is None


def test_a_token_is_revoked_once(controller):
    token, _text = create_api_token(user=controller, name="skript")
    revoke_api_token(token=token, by=controller)
    with translation.override("en"), pytest.raises(ValidationError, match="already revoked"):
        revoke_api_token(token=token, by=controller)
    assert history_of(token).filter(action="changed").count() == 1


def test_creating_records_scope_and_expiry(controller):
    token, _text = create_api_token(user=controller, name="skript", scope=ApiToken.Scope.READ)
    record = history_of(token).get()
    assert record.action == "created"
    assert record.changed_by == controller
    assert record.changes["scope"] == [None, "read"]
    assert record.changes["expires_at"][1] == token.expires_at.isoformat()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"scope": "admin"}, "scope"),
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": 367}, "expires_in_days"),
    ],
)
def test_a_bad_token_request_says_what_is_wrong_and_makes_nothing(controller, changes, field):
    arguments = {"user": controller, "name": "skript"} | changes
    with pytest.raises(ValidationError) as error:
        create_api_token(**arguments)
    assert field in error.value.message_dict
    assert not ApiToken.objects.exists()
