"""Project-wide checks."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from vplan.csp import CONTENT_SECURITY_POLICY


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_the_vplan_console_script_runs_management_commands():
    vplan = Path(sys.executable).with_name("vplan")
    result = subprocess.run([str(vplan), "help"], capture_output=True, text=True, check=True)
    for command in ("demo", "export", "load", "rounds"):
        assert command in result.stdout


@pytest.mark.django_db
def test_every_response_carries_a_strict_content_security_policy():
    response = Client().get("/admin/login/")
    policy = response["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in policy
    assert "script-src 'self'" in policy


# Technical bookkeeping, not something a person enters or reads.
NOT_IN_ADMIN: set[str] = set()


def test_every_domain_model_is_in_the_django_admin():
    from django.apps import apps
    from django.contrib import admin

    shown = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        shown |= {inline.model for inline in model_admin.inlines}
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("vplan.")
        and model not in shown
        and model._meta.label not in NOT_IN_ADMIN
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_admin_list_page_renders(client):
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.create_superuser("root", "", "pw-root-1"))

    for model in admin.site._registry:
        if not model.__module__.startswith("vplan."):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
