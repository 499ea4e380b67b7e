"""vplan report ROUND_ID --format ... -o FILE [--as-of ...] [--send --by USER]"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from vplan.reports.models import SentReport


def test_writes_the_report_file(report_data, tmp_path):
    target = tmp_path / "rapport.docx"
    out = io.StringIO()

    call_command(
        "report",
        str(report_data.round.pk),
        "--format",
        "docx",
        "-o",
        str(target),
        "--language",
        "sv",
        stdout=out,
    )

    assert f"wrote {target}" in out.getvalue()
    document = Document(str(target))
    assert document.paragraphs[0].text == "Uppföljning av Testförvaltningens verksamhetsplan 2024"
    assert not SentReport.objects.exists()


def test_as_of_writes_what_was_known_then(report_data, tmp_path):
    target = tmp_path / "rapport.csv"

    call_command(
        "report",
        str(report_data.round.pk),
        "--format",
        "csv",
        "-o",
        str(target),
        "--as-of",
        "2000-01-01",
        "--language",
        "sv",
        stdout=io.StringIO(),
    )

    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Aktivitets-id;Perspektiv;")
    assert len(lines) == 1  # nothing existed yet in 2000


def test_send_freezes_the_file_as_sent_by_the_user(report_data, controller, tmp_path):
    target = tmp_path / "rapport.pdf"
    out = io.StringIO()

    call_command(
        "report",
        str(report_data.round.pk),
        "--format",
        "pdf",
        "-o",
        str(target),
        "--send",
        "--by",
        "controller",
        stdout=out,
    )

    sent = SentReport.objects.get()
    assert sent.sent_by == controller
    assert bytes(sent.content) == target.read_bytes()
    assert sent.sha256 in out.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["999999", "--format", "pdf", "-o", "x.pdf"], "round 999999: no follow-up round"),
        (["{round}", "--format", "pdf", "-o", "x.pdf", "--as-of", "igår"], "--as-of: as of 'igår'"),
        (["{round}", "--format", "pdf", "-o", "x.pdf", "--send"], "--send needs --by"),
        (
            ["{round}", "--format", "pdf", "-o", "x.pdf", "--send", "--by", "nobody"],
            "--by nobody: no user has this username",
        ),
        (
            ["{round}", "--format", "pdf", "-o", "/no/such/folder/x.pdf"],
            "the folder /no/such/folder does not exist",
        ),
    ],
)
def test_bad_input_is_a_clear_error(report_data, arguments, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    arguments = [a.format(round=report_data.round.pk) for a in arguments]

    with pytest.raises(CommandError, match=message):
        call_command("report", *arguments)
    assert not SentReport.objects.exists()


def test_bad_format_is_refused_by_the_argument_parser(report_data, capsys):
    with pytest.raises(CommandError, match="invalid choice: 'odt'"):
        call_command("report", str(report_data.round.pk), "--format", "odt", "-o", "x.odt")
