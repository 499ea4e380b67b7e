"""The supply-chain checks and the container files: `make test` runs pip-audit and bandit, every
finding let pass has its reason in docs/security-allowlist.md, and the container files parse.

(The checks themselves run in `make audit`; pip-audit needs PyPI and bandit takes a while, so the
suite checks their configuration, not their findings.)
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def make_target(name: str) -> tuple[list[str], list[str]]:
    """A Makefile target's prerequisites and recipe lines."""
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{name}:(.*)\n((?:\t.*\n)*)", text, re.M)
    assert match, f"no target {name!r} in the Makefile"
    return match.group(1).split(), [line.strip() for line in match.group(2).splitlines()]


def test_make_test_runs_the_audit_before_the_suite():
    prerequisites, _recipe = make_target("test")
    assert "audit" in prerequisites


def test_the_audit_runs_pip_audit_strictly_and_bandit_against_its_baseline():
    _prerequisites, recipe = make_target("audit")
    text = (ROOT / "Makefile").read_text()
    assert any(line.lstrip("@").startswith("$(BIN)/pip-audit --skip-editable") for line in recipe)
    assert "PIP_AUDIT_FLAGS ?= --strict" in text
    assert "$(BIN)/bandit -q -r vplan -c bandit.yaml -b bandit-baseline.json" in recipe


def test_bandit_skips_no_test_and_reads_all_production_code():
    settings = yaml.safe_load((ROOT / "bandit.yaml").read_text())
    assert "skips" not in settings and "tests" not in settings
    assert set(settings["exclude_dirs"]) == {"*/tests/*", "vplan/testing/*", "*/migrations/*"}


def test_every_finding_in_the_baseline_has_its_reason():
    findings = json.loads((ROOT / "bandit-baseline.json").read_text())["results"]
    allowlist = (ROOT / "docs" / "security-allowlist.md").read_text()
    rows = [line for line in allowlist.splitlines() if line.startswith("| `vplan/")]
    for finding in findings:
        reasons = [
            row
            for row in rows
            if f"`{finding['filename']}`" in row and finding["test_id"] in row.split("|")[2]
        ]
        assert reasons, f"{finding['filename']} {finding['test_id']}: no reason in the allow-list"
        assert len(reasons[0].split("|")[3].strip()) > 40


def test_every_ignored_vulnerability_has_its_reason():
    for line in (ROOT / "pip-audit-ignore.txt").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        identifier, _hash, reason = line.partition("#")
        assert re.fullmatch(r"(GHSA|PYSEC|CVE|OSV)-[\w-]+", identifier.strip()), line
        assert len(reason.strip()) > 20, f"{identifier.strip()}: say why and until when"


def test_the_compose_file_runs_vplan_postgresql_and_the_worker_with_healthchecks():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"db", "migrate", "web", "worker"}
    assert services["db"]["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["worker"]["command"] == ["vplan", "worker"]
    for name in ("migrate", "web", "worker"):
        assert services[name]["env_file"] == "vplan.env"
        assert services[name]["build"] == "."
    for name in ("web", "worker"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


def test_the_dockerfile_runs_gunicorn_as_an_unprivileged_user():
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert stages[-1] == "FROM python:3.11-slim-bookworm"
    assert any(line.startswith("FROM node:20") for line in stages)
    final = lines[lines.index(stages[-1]) :]
    assert "USER vplan" in final
    assert final[-1] == 'CMD ["gunicorn", "vplan.wsgi"]'
    assert any(line.startswith("HEALTHCHECK") and "/healthz" in line for line in final)
    assert any("libpango-1.0-0" in line for line in final)


def test_the_image_never_receives_secrets_or_local_data():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".vplan-secret-key", "*.env", "*.sqlite3", ".venv", ".git", "media"} <= ignored


def bandit(folder: Path) -> subprocess.CompletedProcess:
    """Bandit as `make audit` runs it, over `folder`'s vplan/ (a copy of a few files)."""
    command = [
        str(Path(sys.executable).with_name("bandit")),
        *["-q", "-r", "vplan", "-c", str(ROOT / "bandit.yaml")],
        *["-b", str(ROOT / "bandit-baseline.json")],
    ]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)


def test_a_known_finding_passes_and_a_new_one_fails(tmp_path):
    known = tmp_path / "vplan" / "search" / "results.py"
    known.parent.mkdir(parents=True)
    shutil.copy(ROOT / "vplan" / "search" / "results.py", known)
    assert bandit(tmp_path).returncode == 0
    (tmp_path / "vplan" / "shell.py").write_text(
        "import subprocess\n\n\ndef run(text):\n    subprocess.run(text, shell=True)\n"
    )
    found = bandit(tmp_path)
    assert found.returncode == 1
    assert "B602" in found.stdout
