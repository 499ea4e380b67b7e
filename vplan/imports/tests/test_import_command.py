"""`vplan import`: dry run, all-or-nothing load, idempotence, refusals, several files with a
progress bar, and IT object plans handed to vplan.objectplans; on the database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vplan.audit.models import ChangeRecord
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.imports.models import DocumentImport
from vplan.objectplans.models import ObjectPlan
from vplan.plans.models import Activity, Placement, Plan

from .helpers import seed_path, write_report

OBJECT_PLAN_SEED = "004_d5336372581ad1f2.txt"
# The small report's board codes in a database without boards: the usual ones under their
# usual names, and XYZ under a name given.
NEW_BOARDS = ("--create-boards", "--create-board", "XYZ=Exempelnämnden")


def _run(*args: str, stderr: io.StringIO | None = None) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_json_prints_the_schema_and_writes_nothing(tmp_path: Path) -> None:
    output = _run(str(write_report(tmp_path)), "--dry-run", "--json")
    parsed = json.loads(output)
    assert parsed["plan_year"] == 2031
    assert [a["text"] for a in parsed["activities"]] == [
        "Gemensam aktivitet",
        "Egen aktivitet",
        "Gemensam aktivitet",
        "Okänd nämnd gör något",
        "Aktivitet utan status",
    ]
    assert {w["code"] for w in parsed["warnings"]} == {
        "unknown_board",
        "missing_status",
        "inconsistent_boards",
    }
    assert Plan.objects.filter(year=2031).count() == 0
    assert DocumentImport.objects.count() == 0


@pytest.mark.django_db
def test_import_creates_plan_activities_round_and_reports(tmp_path: Path) -> None:
    output = _run(str(write_report(tmp_path)), *NEW_BOARDS)
    assert "Medborgare: 3 activities" in output
    assert "[unknown_board]" in output
    plan = Plan.objects.get(year=2031)
    assert plan.administration.name == "Provförvaltningen"
    shared = Activity.objects.get(plan=plan, text="Gemensam aktivitet")
    assert Placement.objects.filter(activity=shared).count() == 2
    assert shared.current_end.text == "December"
    own = Activity.objects.get(plan=plan, text="Egen aktivitet")
    assert own.carried_over_from_year == 2030
    assert sorted(own.boards.values_list("code", flat=True)) == ["BOU"]
    assert own.boards.get().display_code == "BoU"
    round = FollowUpRound.objects.get(plan=plan)
    assert round.as_of.isoformat() == "2031-08-31"
    reports = StatusReport.objects.filter(round=round)
    assert reports.count() == 3  # the row without a status reports nothing
    assert reports.get(activity=shared).status_text == "Pågående"
    assert reports.get(activity=shared).comment == "Går framåt"
    created = ChangeRecord.objects.filter(action=ChangeRecord.Action.CREATED)
    assert created.filter(object_id=str(plan.pk), content_type__model="plan").exists()
    assert created.filter(content_type__model="activity").count() == 4


@pytest.mark.django_db
def test_import_into_a_named_administration_as_a_named_user(
    tmp_path: Path, administration, controller
) -> None:
    _run(str(write_report(tmp_path)), "--administration", "tf", "--user", "controller", *NEW_BOARDS)
    record = DocumentImport.objects.get()
    assert record.plan.administration == administration
    assert record.imported_by == controller


@pytest.mark.django_db
def test_importing_the_same_file_twice_does_not_duplicate_and_says_so(tmp_path: Path) -> None:
    path = write_report(tmp_path)
    _run(str(path), *NEW_BOARDS)
    counts = (Activity.objects.count(), StatusReport.objects.count(), Placement.objects.count())
    output = _run(str(path))
    assert "report.txt: the same report is already in Vplan, imported on" in output
    assert (Activity.objects.count(), StatusReport.objects.count(), Placement.objects.count()) == (
        counts
    )
    assert DocumentImport.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_fails_with_the_file_named_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        _run(str(path))
    assert str(caught.value) == f"{path}: the file is empty"
    assert DocumentImport.objects.count() == 0


@pytest.mark.django_db
def test_command_exits_non_zero_for_bad_input(tmp_path: Path, capsys) -> None:
    from vplan.cli import main

    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(SystemExit) as caught:
        main(["import", str(path), "--dry-run"])
    assert caught.value.code != 0
    assert "binary.txt: is a binary file" in capsys.readouterr().err


@pytest.mark.django_db
def test_several_files_each_all_or_nothing_with_a_progress_bar(tmp_path: Path) -> None:
    first = write_report(tmp_path, "2031.txt", year=2031)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 cut off here")
    second = write_report(tmp_path, "2032.txt", year=2032)
    stderr = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import",
            str(first),
            str(broken),
            str(second),
            *NEW_BOARDS,
            stdout=io.StringIO(),
            stderr=stderr,
        )
    assert str(caught.value).startswith("1 of 3 files were not imported:")
    assert f"{broken}: is a truncated PDF" in str(caught.value)
    assert sorted(Plan.objects.values_list("year", flat=True)) == [2031, 2032]
    assert DocumentImport.objects.count() == 2
    progress = stderr.getvalue()
    assert "vplan import" in progress
    assert "3/3" in progress


@pytest.mark.django_db
def test_several_files_report_per_file_and_json_is_a_list(tmp_path: Path) -> None:
    paths = [str(write_report(tmp_path, f"{year}.txt", year=year)) for year in (2031, 2032)]
    output = _run(*paths, "--dry-run", "--json", "--no-progress")
    assert [document["plan_year"] for document in json.loads(output)] == [2031, 2032]
    output = _run(*paths, "--no-progress", *NEW_BOARDS)
    assert "2031.txt: imported into plan" in output
    assert "2032.txt: imported into plan" in output


@pytest.mark.django_db
def test_an_object_plan_dry_run_prints_the_ground_truth_structure() -> None:
    from .helpers import load_truth

    path = seed_path(OBJECT_PLAN_SEED)
    printed = json.loads(_run(str(path), "--dry-run", "--json"))
    assert printed == load_truth("004.json")
    assert not ObjectPlan.objects.exists()
    assert not DocumentImport.objects.exists()


@pytest.mark.django_db
def test_an_object_plan_is_loaded_by_the_object_plans_app_once(administration) -> None:
    path = seed_path(OBJECT_PLAN_SEED)
    output = _run(str(path), "--administration", "TF")
    plan = ObjectPlan.objects.get()
    assert "IT object plan" in output
    assert f"(id {plan.pk})" in output
    assert (plan.year, plan.it_object.short_name) == (2022, "UKFA")
    again = _run(str(path), "--administration", "TF")
    assert "already imported as object plan" in again
    assert ObjectPlan.objects.count() == 1
    assert not DocumentImport.objects.exists()


@pytest.mark.django_db
def test_seed_with_repeated_activities_loads_each_once_in_every_place() -> None:
    from vplan.imports.load import file_sha256, load_parsed_document
    from vplan.imports.normalise import text_key
    from vplan.imports.tests.helpers import SEED_CASES

    from .helpers import parsed_seed

    parsed = parsed_seed(SEED_CASES[0][0])
    path = seed_path(SEED_CASES[0][0])
    result = load_parsed_document(parsed=parsed, by=None, sha256=file_sha256(path))
    distinct = {text_key(activity.text) for activity in parsed.activities}
    plan = result.record.plan
    assert Activity.objects.filter(plan=plan).count() == len(distinct) < len(parsed.activities)
    assert StatusReport.objects.filter(round=result.record.round).count() == len(distinct)
    assert Placement.objects.filter(activity__plan=plan).count() > len(distinct)
    assert result.record.warnings
