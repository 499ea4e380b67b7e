"""GET/POST /reports/rounds/<id>/template/: controllers upload the administration's template."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vplan.reports.models import ReportTemplate
from vplan.reports.tests.html_tree import parse_html
from vplan.reports.tests.word_files import word_template

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(client, round, name="mall.docx", content=None):
    file = SimpleUploadedFile(name, content or word_template(), content_type=DOCX)
    return client.post(reverse("reports:template", args=[round.pk]), {"file": file})


def test_controller_uploads_a_template(client, controller, report_data, administration):
    client.force_login(controller)

    response = _upload(client, report_data.round)

    assert response.status_code == 302
    template = ReportTemplate.objects.get()
    assert (template.administration, template.filename, template.is_active) == (
        administration,
        "mall.docx",
        True,
    )
    page = parse_html(client.get(response["Location"]).content.decode())
    assert "mall.docx" in page.find("table").clean_text()


def test_upload_form_is_labelled(client, controller, report_data):
    client.force_login(controller)

    page = parse_html(
        client.get(reverse("reports:template", args=[report_data.round.pk])).content.decode()
    )

    field = page.find("input", type="file")
    assert page.find("label", for_=field.attrs["id"]) is not None
    assert len(list(page.iter("h1"))) == 1


def test_a_file_that_is_not_word_is_refused_with_the_reason(client, controller, report_data):
    client.force_login(controller)

    response = _upload(client, report_data.round, name="mall.docx", content=b"inte en zip")

    assert response.status_code == 400
    page = parse_html(response.content.decode())
    error = page.find("p", class_="ds-validation-message")
    assert "mall.docx: filen går inte att läsa som ett .docx-dokument" in error.text
    assert page.find("input", type="file").attrs["aria-invalid"] == "true"
    assert not ReportTemplate.objects.exists()


def test_back_to_the_default_template(client, controller, report_data):
    client.force_login(controller)
    _upload(client, report_data.round)

    response = client.post(reverse("reports:use_default_template", args=[report_data.round.pk]))

    assert response.status_code == 302
    assert not ReportTemplate.objects.filter(is_active=True).exists()


@pytest.mark.parametrize("persona", ["reader", "editor"])
def test_readers_and_editors_may_not_upload(client, report_data, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert _upload(client, report_data.round).status_code == 403
    assert client.get(reverse("reports:template", args=[report_data.round.pk])).status_code == 403
    assert not ReportTemplate.objects.exists()


def test_outsider_gets_404(client, outsider, report_data):
    client.force_login(outsider)

    assert _upload(client, report_data.round).status_code == 404
