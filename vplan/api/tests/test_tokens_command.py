"""`vplan apitoken create|list|revoke`: scope, expiry and who revoked."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from vplan.api.models import ApiToken
from vplan.audit.trail import history_of

pytestmark = pytest.mark.django_db


def test_create_with_read_only_and_expiry(controller, capsys):
    call_command(
        "apitoken", "create", "controller", "--name", "läsare", "--read-only", "--expires-days", "7"
    )
    captured = capsys.readouterr()
    text = captured.out.strip()
    token = ApiToken.objects.get()
    assert token.scope == "read"
    assert 6 <= (token.expires_at - token.created_at).days <= 7
    assert "expires" in captured.err and "read" in captured.err
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 200


def test_create_refuses_an_impossible_lifetime(controller):
    with pytest.raises(CommandError, match="expires_in_days"):
        call_command("apitoken", "create", "controller", "--name", "x", "--expires-days", "0")
    assert not ApiToken.objects.exists()


def test_list_shows_scope_expiry_and_who_revoked(controller, admin_user, capsys):
    call_command("apitoken", "create", "controller", "--name", "skript")
    token = ApiToken.objects.get()
    call_command("apitoken", "revoke", str(token.pk), "--by", "admin")
    capsys.readouterr()
    call_command("apitoken", "list", "controller")
    line = capsys.readouterr().out
    assert "skript" in line and "read-write" in line
    assert "expires 20" in line
    assert f"by {admin_user}" in line


def test_revoke_records_the_named_revoker(controller, admin_user):
    call_command("apitoken", "create", "controller", "--name", "skript")
    token = ApiToken.objects.get()
    call_command("apitoken", "revoke", str(token.pk), "--by", "admin")
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert history_of(token).filter(action="changed").get().changed_by == admin_user


def test_revoke_refuses_unknown_tokens_and_revokers(controller):
    call_command("apitoken", "create", "controller", "--name", "skript")
    token = ApiToken.objects.get()
    with pytest.raises(CommandError, match="No API token"):
        call_command("apitoken", "revoke", str(token.pk + 1))
    with pytest.raises(CommandError, match="nobody"):
        call_command("apitoken", "revoke", str(token.pk), "--by", "nobody")
    token.refresh_from_db()
    assert not token.is_revoked


def test_revoke_twice_fails(controller):
    call_command("apitoken", "create", "controller", "--name", "skript")
    token = ApiToken.objects.get()
    call_command("apitoken", "revoke", str(token.pk))
    with pytest.raises(CommandError):
        call_command("apitoken", "revoke", str(token.pk))
