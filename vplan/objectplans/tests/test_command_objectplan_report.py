"""vplan objectplan-report ID --format docx|pdf -o FILE, objectplan-export and objectplan-approve."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from pypdf import PdfReader


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def test_the_report_as_word(object_plan, tmp_path):
    target = tmp_path / "plan.docx"
    out = run("objectplan-report", str(object_plan.pk), "--format", "docx", "-o", str(target))
    assert "Wrote" in out
    assert Document(str(target)).paragraphs[0].text.startswith("Strategisk objektplan för objektet")


def test_the_report_as_pdf_in_english(object_plan, tmp_path):
    target = tmp_path / "plan.pdf"
    run(
        "objectplan-report",
        str(object_plan.pk),
        "--format",
        "pdf",
        "-o",
        str(target),
        "--language",
        "en",
    )
    reader = PdfReader(str(target))
    assert reader.metadata.title.startswith("Strategic object plan for the object")
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_an_unknown_plan_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="No object plan with id 999"):
        run("objectplan-report", "999", "--format", "pdf", "-o", str(tmp_path / "never.pdf"))
    with pytest.raises(CommandError, match="No object plan with id 999"):
        run("objectplan-export", "999")


def test_the_export_goes_to_standard_output(object_plan):
    data = json.loads(run("objectplan-export", str(object_plan.pk)))
    assert data["object_plan"]["year"] == object_plan.year


def test_approve_from_the_command_line(object_plan, controller):
    out = run(
        "objectplan-approve",
        str(object_plan.pk),
        "preliminary",
        "--date",
        "2023-09-29",
        "--approver",
        "OÄ",
        "--user",
        "controller",
    )
    assert "Version 0.8" in out
    version = object_plan.versions.get(number="0.8")
    assert (version.date, version.approved_by, version.approver_name) == (
        datetime.date(2023, 9, 29),
        controller,
        "OÄ",
    )
    with pytest.raises(CommandError, match="already approved"):
        run("objectplan-approve", str(object_plan.pk), "preliminary")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("objectplan-approve", str(object_plan.pk), "final", "--date", "29/9")
