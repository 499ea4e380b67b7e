"""An administration's own Word template: uploaded, checked, used, replaced."""

import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from vplan.audit.trail import history_of
from vplan.reports.formats import produce_report
from vplan.reports.models import ReportTemplate
from vplan.reports.tests.word_files import word_template
from vplan.reports.word_templates import upload_report_template, use_default_report_template


def _header_of_produced_docx(round) -> str:
    content = produce_report(round=round, format="docx", language="sv").content
    return Document(io.BytesIO(content)).sections[-1].header.paragraphs[0].text


def test_uploaded_template_is_used_for_the_word_report(report_data, administration, controller):
    template = upload_report_template(
        administration=administration,
        filename="mall.docx",
        content=word_template(header="Testkommun – Utbildning"),
        by=controller,
    )

    assert template.is_active
    assert template.uploaded_by == controller
    assert len(template.sha256) == 64
    assert _header_of_produced_docx(report_data.round) == "Testkommun – Utbildning"
    assert history_of(template).count() == 1


def test_a_new_upload_replaces_the_active_one_and_keeps_the_old(
    report_data, administration, controller
):
    first = upload_report_template(
        administration=administration,
        filename="gammal.docx",
        content=word_template(header="Gammal"),
        by=controller,
    )
    upload_report_template(
        administration=administration,
        filename="ny.docx",
        content=word_template(header="Ny"),
        by=controller,
    )

    first.refresh_from_db()
    assert not first.is_active
    assert ReportTemplate.objects.filter(administration=administration).count() == 2
    assert _header_of_produced_docx(report_data.round) == "Ny"


def test_back_to_the_default_template(report_data, administration, controller):
    upload_report_template(
        administration=administration,
        filename="mall.docx",
        content=word_template(header="Egen"),
        by=controller,
    )

    assert use_default_report_template(administration=administration, by=controller) == 1
    assert not ReportTemplate.objects.active_for(administration).exists()
    assert _header_of_produced_docx(report_data.round) == ""


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("mall.dotx", b"PK...", "mall.dotx: mallen måste vara ett Worddokument (.docx)."),
        ("mall.docx", b"not a zip at all", "mall.docx: filen går inte att läsa som ett .docx"),
        ("mall.pdf", b"%PDF-1.7", "mallen måste vara ett Worddokument"),
    ],
)
def test_a_file_that_is_not_a_docx_is_refused_with_a_clear_error(
    administration, controller, filename, content, message
):
    with pytest.raises(ValidationError) as refused:
        upload_report_template(
            administration=administration, filename=filename, content=content, by=controller
        )

    assert message in refused.value.messages[0]
    assert not ReportTemplate.objects.exists()
