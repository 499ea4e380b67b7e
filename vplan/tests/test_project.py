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
