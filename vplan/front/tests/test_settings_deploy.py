"""docs/production.env.example: it names every variable Vplan reads, and with its values Vplan's
own deployment check passes and the settings are what the file's comments say."""

import ast
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.db import connection

import vplan

EXAMPLE = Path(vplan.__file__).resolve().parents[1] / "docs" / "production.env.example"
PACKAGE = Path(vplan.__file__).resolve().parent
VPLAN = str(Path(sys.executable).with_name("vplan"))
ENV_READERS = {"env_str", "env_bool", "env_int", "env_list", "env_choice", "getenv", "get"}


def example_lines() -> tuple[dict[str, str], set[str]]:
    """The variables the file sets (name: value) and those it documents commented out."""
    values, commented = {}, set()
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if match := re.fullmatch(r"([A-Z][A-Z0-9_]*)=(.*)", line):
            values[match[1]] = match[2]
        elif match := re.fullmatch(r"#([A-Z][A-Z0-9_]*)=.*", line):
            commented.add(match[1])
    return values, commented


def variables_read_by_production_code() -> set[str]:
    """Every environment variable the production code reads: the settings' env_* helpers and any
    os.environ / os.getenv in a module outside the tests."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or parts[0] == "testing" or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = node.func.attr if isinstance(node.func, ast.Attribute) else None
                name = name or (node.func.id if isinstance(node.func, ast.Name) else None)
                argument = node.args[0]
                if name in ENV_READERS and isinstance(argument, ast.Constant):
                    found.add(argument.value)
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                if ast.unparse(node.value) == "os.environ":
                    found.add(node.slice.value)
    return {
        name
        for name in found
        if isinstance(name, str) and (name.startswith("VPLAN_") or name == "DATABASE_URL")
    }


def production_environment(tmp_path) -> dict[str, str]:
    """The example's values as the only environment (no pytest marker, so no tests' key), with a
    fresh secret key and the database of this test run."""
    values, _ = example_lines()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **values}
    env["VPLAN_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["VPLAN_MEDIA_ROOT"] = str(tmp_path / "media")
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'vplan.sqlite3'}"
    return env


def test_the_example_names_every_variable_vplan_reads():
    values, commented = example_lines()
    read = variables_read_by_production_code()
    assert {"VPLAN_SECRET_KEY", "VPLAN_EMAIL_URL", "DATABASE_URL"} <= read  # the search works
    assert sorted(read - set(values) - commented) == []


def test_the_example_names_no_variable_that_vplan_does_not_read():
    values, commented = example_lines()
    assert sorted((set(values) | commented) - variables_read_by_production_code()) == []


def test_vplan_check_deploy_passes_at_warning_level_with_the_example(tmp_path):
    result = subprocess.run(
        [VPLAN, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_environment(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_vplan_check_deploy_fails_with_only_the_old_readme_variables(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "VPLAN_SECRET_KEY": secrets.token_urlsafe(50),
        "VPLAN_ALLOWED_HOSTS": "vplan.example.se",
        "VPLAN_SECURE_COOKIES": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vplan.sqlite3'}",
    }
    result = subprocess.run(
        [VPLAN, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
    assert "security.W008" in result.stderr + result.stdout  # no SSL redirect


SHOW_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_REDIRECT_EXEMPT": s.SECURE_REDIRECT_EXEMPT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "EMAIL_HOST": s.EMAIL_HOST,
    "EMAIL_PORT": s.EMAIL_PORT,
    "EMAIL_HOST_USER": s.EMAIL_HOST_USER,
    "EMAIL_USE_TLS": s.EMAIL_USE_TLS,
    "DEFAULT_FROM_EMAIL": s.DEFAULT_FROM_EMAIL,
    "SERVER_EMAIL": s.SERVER_EMAIL,
    "VPLAN_TRUSTED_PROXIES": s.VPLAN_TRUSTED_PROXIES,
    "AXES_FAILURE_LIMIT": s.AXES_FAILURE_LIMIT,
    "AXES_COOLOFF_MINUTES": s.AXES_COOLOFF_TIME.total_seconds() / 60,
    "LOG_FORMATTER": s.LOGGING["handlers"]["console"]["formatter"],
}))
"""


def test_the_examples_values_become_these_settings(tmp_path):
    result = subprocess.run(
        [VPLAN, "shell", "--no-imports", "-c", SHOW_SETTINGS],
        env=production_environment(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["vplan.example.se"],
        "CSRF_TRUSTED_ORIGINS": ["https://vplan.example.se"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_REDIRECT_EXEMPT": ["^healthz$"],
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.se",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "vplan@example.se",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "vplan@example.se",
        "SERVER_EMAIL": "vplan@example.se",
        "VPLAN_TRUSTED_PROXIES": 1,
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_MINUTES": 15,
        "LOG_FORMATTER": "json",
    }
