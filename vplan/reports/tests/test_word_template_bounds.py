"""A Word template is checked before it is kept, on the page and through the API: a zip bomb,
malformed XML, a billion laughs, an external entity, a document without section settings or one
no report can be written in is refused with the file named and what is wrong, and nothing is
kept. A template that still fails when a report is written (one kept before these checks) gives
way to the default template with a warning in the log; a published round's frozen file stays
byte for byte what it was."""

from __future__ import annotations

import io
import logging
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from vplan.followups.round_lifecycle import close_round
from vplan.imports.tests.upload_files import with_zeros
from vplan.reports.models import ReportTemplate
from vplan.reports.publication import publish_round
from vplan.reports.tests.word_files import word_template

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _with_part(docx: bytes, name: str, content: bytes) -> bytes:
    """A copy of the Word file with the part `name` replaced (or added)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(output, "w") as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        target.writestr(name, content)
    return output.getvalue()


def _document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W}><w:body>{body}</w:body></w:document>"
    ).encode()


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
SECTION = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'


def _cases() -> dict[str, tuple[bytes, str]]:
    good = word_template()
    missing_part = _with_part(
        good,
        "word/_rels/document.xml.rels",
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId99" Type="http://'
        b'schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
        b'Target="saknas.xml"/></Relationships>',
    )
    return {
        "zip bomb": (
            with_zeros(good, "word/media/nollor.bin", 1024),
            "mall.docx: filen skulle ta mer än 100 MB uppackad (en zip-bomb?)",
        ),
        "ratio bomb": (
            with_zeros(good, "word/media/nollor.bin", 50),
            "mall.docx: delen word/media/nollor.bin packas upp till mer än 100 gånger",
        ),
        "malformed XML": (
            _with_part(good, "word/document.xml", b"<w:document><w:body>"),
            "mall.docx: delen word/document.xml är inte välformad XML",
        ),
        "billion laughs": (
            _with_part(
                good, "word/document.xml", _document_xml(f"<w:p>&j;</w:p>{SECTION}", BILLION_LAUGHS)
            ),
            "mall.docx: delen word/document.xml deklarerar en dokumenttyp eller entiteter",
        ),
        "external entity": (
            _with_part(
                good,
                "word/document.xml",
                _document_xml(f"<w:p>&secret;</w:p>{SECTION}", EXTERNAL_ENTITY),
            ),
            "mall.docx: delen word/document.xml deklarerar en dokumenttyp eller entiteter",
        ),
        "no section": (
            _with_part(good, "word/document.xml", _document_xml("<w:p/>")),
            "mall.docx: dokumentet saknar avsnittsinställningar",
        ),
        "no report can be written": (
            missing_part,
            "mall.docx: en rapport kan inte skrivas i den här mallen",
        ),
        "not a zip": (b"%PDF-1.4 en pdf", "mall.docx: filen går inte att läsa som ett .docx"),
    }


CASES = list(_cases())


@pytest.fixture
def signed_in(controller) -> Client:
    client = Client()
    client.force_login(controller)
    return client


@pytest.mark.parametrize("case", CASES)
def test_a_bad_template_is_refused_on_the_page_and_nothing_is_kept(signed_in, report_data, case):
    content, problem = _cases()[case]
    upload = SimpleUploadedFile("mall.docx", content, content_type=DOCX)

    response = signed_in.post(
        reverse("reports:template", args=[report_data.round.pk]), {"file": upload}
    )

    assert response.status_code == 400
    (message,) = response.context["form"].errors["file"]
    assert message.startswith(problem)
    assert not ReportTemplate.objects.exists()


@pytest.mark.parametrize("case", CASES)
def test_a_bad_template_is_refused_by_the_api_and_nothing_is_kept(
    signed_in, report_data, administration, case
):
    content, problem = _cases()[case]
    upload = SimpleUploadedFile("mall.docx", content, content_type=DOCX)

    response = signed_in.post(
        f"/api/administrations/{administration.pk}/report-templates", {"file": upload}
    )

    assert response.status_code == 400
    (message,) = response.json()["errors"]["file"]
    assert message.startswith(problem)
    assert not ReportTemplate.objects.exists()


def test_a_good_template_is_still_accepted(signed_in, report_data, administration):
    upload = SimpleUploadedFile("mall.docx", word_template(header="Vår logga"), content_type=DOCX)

    response = signed_in.post(
        f"/api/administrations/{administration.pk}/report-templates", {"file": upload}
    )

    assert response.status_code == 201
    assert ReportTemplate.objects.get().is_active


def _kept_before_the_checks(administration, content: bytes) -> ReportTemplate:
    """A template stored as the upload did before it checked anything."""
    return ReportTemplate.objects.create(
        administration=administration,
        filename="gammal.docx",
        file=content,
        sha256="0" * 64,
        is_active=True,
    )


def _opens(content: bytes) -> Document:
    return Document(io.BytesIO(content))


def test_a_broken_template_gives_way_to_the_default_with_a_warning(
    signed_in, report_data, administration, caplog
):
    no_section = _with_part(word_template(), "word/document.xml", _document_xml("<w:p/>"))
    _kept_before_the_checks(administration, no_section)

    with caplog.at_level(logging.WARNING, logger="vplan.reports.word_templates"):
        response = signed_in.get(reverse("reports:download", args=[report_data.round.pk, "docx"]))

    assert response.status_code == 200
    document = _opens(b"".join(response))
    assert document.sections  # the default template's page setup
    assert "The Word template cannot be used" in caplog.text


def test_a_published_round_with_a_broken_template_downloads_for_everyone_and_stays_frozen(
    report_data, administration, controller
):
    _kept_before_the_checks(administration, with_zeros(word_template(), "word/x.bin", 1024))
    close_round(round=report_data.round, by=controller)
    publish_round(round=report_data.round, by=controller)
    url = reverse("reports:download", args=[report_data.round.pk, "docx"])

    first = Client().get(url)
    ReportTemplate.objects.update(file=word_template(header="Ny logga"))
    second = Client().get(url)

    assert first.status_code == second.status_code == 200
    first_bytes = b"".join(first)
    assert _opens(first_bytes).sections
    assert b"".join(second) == first_bytes


def test_a_template_too_large_is_refused_on_the_page_before_it_is_read(signed_in, report_data):
    upload = SimpleUploadedFile("stor.docx", bytes(11 * 1024 * 1024), content_type=DOCX)

    response = signed_in.post(
        reverse("reports:template", args=[report_data.round.pk]), {"file": upload}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["stor.docx: mallen är större än 10 MB."]
    assert not ReportTemplate.objects.exists()


def test_a_template_too_large_is_refused_by_the_api_before_it_is_read(
    signed_in, report_data, administration
):
    upload = SimpleUploadedFile("stor.docx", bytes(11 * 1024 * 1024), content_type=DOCX)

    response = signed_in.post(
        f"/api/administrations/{administration.pk}/report-templates", {"file": upload}
    )

    assert response.status_code == 400
    assert response.json()["errors"]["file"] == ["stor.docx: mallen är större än 10 MB."]
    assert not ReportTemplate.objects.exists()
