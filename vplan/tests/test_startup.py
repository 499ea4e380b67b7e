"""A `vplan` command starts without building the JSON API or loading the report renderers: Django's
system checks (which import the URL configuration, the API's included) run in `vplan check`, not
before each of Vplan's own commands (vplan/cli.py)."""

import json
import os
import subprocess
import sys

# Run a command as the console script does, in a fresh process, and say which of these modules
# it imported. The database is an empty SQLite file: the command may fail after starting.
SCRIPT = """
import json, sys
from vplan import cli
try:
    cli.main(sys.argv[1:])
except BaseException:
    pass
heavy = ("vplan.api.api", "vplan.urls", "ninja", "weasyprint", "openpyxl", "docx")
print(json.dumps([name for name in heavy if name in sys.modules]))
"""


def modules_imported_by(tmp_path, *arguments: str) -> list[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "VPLAN_SECRET_KEY": "test-startup",
        "DJANGO_SETTINGS_MODULE": "vplan.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_vplans_own_commands_start_without_the_api_or_the_renderers(tmp_path):
    assert modules_imported_by(tmp_path, "rounds") == []
    assert modules_imported_by(tmp_path, "export", "--all", "-o", str(tmp_path / "x.json")) == []


def test_vplan_check_still_checks_the_url_configuration_and_the_api(tmp_path):
    imported = modules_imported_by(tmp_path, "check")

    assert "vplan.urls" in imported
    assert "vplan.api.api" in imported
