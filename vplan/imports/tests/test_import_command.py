"""`vplan import`: dry run, all-or-nothing load, idempotence and refusals, on the database."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.imports.models import DocumentImport
from vplan.plans.models import Activity, Placement, Plan

HEADER = "Nämndmål\tAktivitet\tNämnd\tSlutdatum\tStatus\tKommentar"


def _write_report(folder: Path, name: str = "report.txt") -> Path:
    lines = [
        "# Uppföljning av Provförvaltningens verksamhetsplan 2031",
        "",
        "Uppföljningen avser läget per den 31 augusti.",
        "",
        "## Medborgare",
        "",
        "Kommunövergripande mål: Ett provmål",
        "",
        HEADER,
        "<b>Första målet</b> <i>Alla provar</i>\t<ul><li>Gemensam aktivitet</li></ul>"
        "\tBiN\tDecember*\tPågående\tGår framåt",
        "\t<ul><li>Egen aktivitet Kvarstår från 2030</li></ul>\tBoU\tJuni\tGenomfört\t",
        "<b>Andra målet</b> <i>Alla provar igen</i>\t<ul><li>Gemensam aktivitet</li></ul>"
        "\tBiN\tDecember*\tPågående\tGår framåt",
    ]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_json_prints_the_schema_and_writes_nothing(tmp_path: Path) -> None:
    output = _run(str(_write_report(tmp_path)), "--dry-run", "--json")
    parsed = json.loads(output)
    assert parsed["plan_year"] == 2031
    assert [a["text"] for a in parsed["activities"]] == [
        "Gemensam aktivitet",
        "Egen aktivitet",
        "Gemensam aktivitet",
    ]
    assert Plan.objects.filter(year=2031).count() == 0
    assert DocumentImport.objects.count() == 0


@pytest.mark.django_db
def test_import_creates_plan_activities_round_and_reports(tmp_path: Path) -> None:
    output = _run(str(_write_report(tmp_path)))
    assert "Medborgare: 3 activities" in output
    plan = Plan.objects.get(year=2031)
    assert plan.administration.name == "Provförvaltningen"
    shared = Activity.objects.get(plan=plan, text="Gemensam aktivitet")
    assert Placement.objects.filter(activity=shared).count() == 2
    assert shared.current_end.text == "December"
    own = Activity.objects.get(plan=plan, text="Egen aktivitet")
    assert own.carried_over_from_year == 2030
    assert sorted(own.boards.values_list("code", flat=True)) == ["BOU"]
    round = FollowUpRound.objects.get(plan=plan)
    assert round.as_of.isoformat() == "2031-08-31"
    reports = StatusReport.objects.filter(round=round)
    assert reports.count() == 2
    assert reports.get(activity=shared).status_text == "Pågående"
    assert reports.get(activity=shared).comment == "Går framåt"


@pytest.mark.django_db
def test_importing_the_same_file_twice_does_not_duplicate_and_says_so(tmp_path: Path) -> None:
    path = _write_report(tmp_path)
    _run(str(path))
    counts = (Activity.objects.count(), StatusReport.objects.count(), Placement.objects.count())
    output = _run(str(path))
    assert "Already imported" in output
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
    assert "empty.txt" in str(caught.value)
    assert Plan.objects.filter(year=2031).count() == 0
    assert DocumentImport.objects.count() == 0


def test_command_exits_non_zero_for_bad_input(tmp_path: Path) -> None:
    from vplan.cli import main

    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(SystemExit) as caught:
        main(["import", str(path), "--dry-run"])
    assert caught.value.code != 0


@pytest.mark.django_db
def test_seed_with_repeated_activities_loads_each_once_in_every_place() -> None:
    from vplan.imports.detect import parse_document
    from vplan.imports.load import file_sha256, load_parsed_document
    from vplan.imports.normalise import text_key
    from vplan.imports.scoring import SEED_CASES

    from .helpers import shared_dir

    path = shared_dir() / "seeds" / SEED_CASES[0][0]
    parsed = parse_document(path)
    result = load_parsed_document(parsed=parsed, by=None, sha256=file_sha256(path))
    distinct = {text_key(activity.text) for activity in parsed.activities}
    plan = result.record.plan
    assert Activity.objects.filter(plan=plan).count() == len(distinct) < len(parsed.activities)
    assert StatusReport.objects.filter(round=result.record.round).count() == len(distinct)
    assert Placement.objects.filter(activity__plan=plan).count() > len(distinct)
    assert result.record.warnings
