"""`vplan roundsheet export|import`: the round sheet from the command line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.followups.tests.test_round_sheet import edited, row_of
from vplan.testing.factories import make_activity, make_round


@pytest.fixture
def round(plan):
    return make_round(plan=plan)


@pytest.fixture
def reading(plan, board):
    return make_activity(plan=plan, text="Läsfrämjande insatser", boards=[board])


@pytest.fixture
def meals(plan, other_board):
    return make_activity(plan=plan, text="Skolmåltider", boards=[other_board])


def run(*args) -> str:
    out = io.StringIO()
    call_command("roundsheet", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_export_then_import_previews_and_applies(tmp_path, controller, round, reading, meals):
    sheet = tmp_path / "omgang.xlsx"
    assert "Wrote" in run(
        "export", "--round", str(round.pk), "--user", "controller", "-o", str(sheet)
    )
    content = edited(
        sheet.read_bytes(), {reading: ("Genomfört", "Klart."), meals: ("Oklart", None)}
    )
    sheet.write_bytes(content)

    preview = run("import", str(sheet), "--round", str(round.pk), "--user", "controller")
    assert "1 changed, 0 unchanged, 1 refused." in preview
    assert f"row {row_of(content, meals):>5}  refused" in preview
    assert "Nothing saved" in preview
    assert not StatusReport.objects.exists()

    applied = run("import", str(sheet), "--round", str(round.pk), "--user", "controller", "--apply")
    assert "Saved 1 status reports." in applied
    saved = StatusReport.objects.get()
    assert (saved.activity, saved.author, saved.status.name) == (reading, controller, "Genomfört")


def test_import_prints_the_preview_as_json(tmp_path, controller, round, reading):
    sheet = tmp_path / "omgang.xlsx"
    run("export", "--round", str(round.pk), "--user", "controller", "-o", str(sheet))
    sheet.write_bytes(edited(sheet.read_bytes(), {reading: ("Pågående", "")}))
    body = json.loads(
        run("import", str(sheet), "--round", str(round.pk), "--user", "controller", "--json")
    )
    assert body["counts"] == {"unchanged": 0, "changed": 1, "refused": 0}


def test_a_reader_may_not_use_the_sheet(tmp_path, reader, round):
    with pytest.raises(CommandError, match="may not report"):
        run("export", "--round", str(round.pk), "--user", "reader", "-o", str(tmp_path / "x.xlsx"))


def test_a_closed_round_is_refused(tmp_path, controller, round):
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
    with pytest.raises(CommandError, match="only an open round"):
        run("export", "--round", str(round.pk), "--user", "controller", "-o", str(tmp_path / "x"))


def test_a_file_that_is_not_excel_is_refused(tmp_path, controller, round):
    bad = tmp_path / "omgang.xlsx"
    bad.write_bytes(b"status;kommentar\n")
    with pytest.raises(CommandError, match="omgang.xlsx"):
        run("import", str(bad), "--round", str(round.pk), "--user", "controller")


def test_an_unknown_user_is_refused(round):
    with pytest.raises(CommandError, match="no user"):
        run("export", "--round", str(round.pk), "--user", "nobody")
