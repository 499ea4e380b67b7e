"""vplan import-objectplan PATH [--dry-run] [--json]."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from vplan.imports.tests.helpers import load_truth
from vplan.imports.tests.test_read_objectplan import SMALL_PLAN
from vplan.objectplans.models import ObjectPlan


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("import-objectplan", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def small_plan(tmp_path):
    path = tmp_path / "objektplan.md"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    return path


def test_dry_run_json_prints_the_ground_truth_structure_of_the_shared_object_plan(
    object_plan_seed, db
):
    printed = json.loads(run(str(object_plan_seed), "--dry-run", "--json"))
    assert printed == load_truth("004.json")
    assert not ObjectPlan.objects.exists()


def test_dry_run_tells_what_would_change_and_writes_nothing(small_plan, administration):
    out = run(str(small_plan), "--dry-run", "--administration", "TF")
    assert "Dry run: would create" in out
    assert "total 1 500,50" in out
    assert not ObjectPlan.objects.exists()


def test_the_import_loads_the_plan_and_a_second_import_changes_nothing(
    small_plan, administration, controller
):
    out = run(str(small_plan), "--administration", "tf", "--user", "controller")
    plan = ObjectPlan.objects.get()
    assert f"(id {plan.pk})" in out
    assert plan.versions.count() == 3
    out = run(str(small_plan), "--user", "controller")
    assert "0 created, 0 changed, 0 removed" in out


def test_an_exchange_file_is_loaded_too(small_plan, administration, tmp_path):
    run(str(small_plan), "--administration", "TF")
    exported = tmp_path / "plan.json"
    call_command(
        "objectplan-export",
        str(ObjectPlan.objects.get().pk),
        "-o",
        str(exported),
        stdout=io.StringIO(),
    )
    assert "0 created, 0 changed" in run(str(exported))


@pytest.mark.parametrize(
    "args, message",
    [
        (["/no/such/file.md"], "no such file"),
        (["{small}", "--administration", "NOPE"], "No administration with the short code 'NOPE'"),
        (["{small}", "--user", "nobody"], "No user 'nobody'"),
        (["{small}"], "--administration"),
        (["{broken}"], "objektplan.md:"),
        (["{report}"], "does not look like a strategic object plan"),
    ],
)
def test_errors_say_what_is_wrong(args, message, small_plan, tmp_path, db):
    broken = tmp_path / "broken" / "objektplan.md"
    broken.parent.mkdir()
    broken.write_text(
        SMALL_PLAN.replace("OMN Total\t\t300,15", "OMN Total\t\t300,16"), encoding="utf-8"
    )
    report = tmp_path / "uppfoljning.md"
    report.write_text(
        "**Uppföljning av verksamhetsplan 2022**\n\nNämndmål\tAktivitet\n", encoding="utf-8"
    )
    args = [arg.format(small=small_plan, broken=broken, report=report) for arg in args]
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not ObjectPlan.objects.exists()


def test_the_console_script_runs_the_command(object_plan_seed, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "vplan"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    done = subprocess.run(
        [str(script), "import-objectplan", str(object_plan_seed), "--dry-run", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["budget"]["total"] == 28751201.0
