"""An object plan whose texts hold control characters still gives its Word and PDF report.

XML 1.0 cannot carry a vertical tab or U+0001, and lxml (Word) refused the whole document with
them: the download answered 500. Such texts, stored before any input rule (written straight to
the rows, as an import or an older version saved them), now render without the characters.
"""

import io

import pdfplumber
import pytest
from django.test import Client
from docx import Document

from vplan.objectplans.models import ObjectPlan
from vplan.objectplans.tests.factories import make_object_plan_activity

CONTROLS = ["\u0001", "\u0002", "\u000b", "\u000c"]


@pytest.fixture
def plan_with_controls(object_plan):
    ObjectPlan.objects.filter(pk=object_plan.pk).update(
        purpose="Syftet\u000bär\u0001 tydligt",
        background="Bakgrund\u0002 med\u000cstyrtecken",
    )
    make_object_plan_activity(object_plan=object_plan, text="Byta\u0001 server\u000bi år")
    return object_plan


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_control_characters_do_not_break_the_object_plan_report(
    plan_with_controls, controller, format
):
    client = Client()
    client.force_login(controller)

    page = client.get(f"/objectplans/{plan_with_controls.pk}/report.{format}")
    api = client.get(f"/api/objectplans/{plan_with_controls.pk}/report/{format}")

    assert page.status_code == 200 and api.status_code == 200
    text = docx_text(page.content) if format == "docx" else pdf_text(page.content)
    words = " ".join(text.split())
    assert "Syftet är tydligt" in words
    assert "Bakgrund med styrtecken" in words
    assert "Byta server i år" in words
    assert not any(control in text for control in CONTROLS)
