"""Issue 14, case 3: the same report as text, Word or PDF is one report. Importing it again in
another format writes nothing and says so (command, page, API); its assignments are not added
again, cut to 80 characters or made board-specific, and no activity stands twice."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from vplan.followups.models import StatusReport
from vplan.imports.load import Outcome, load_parsed_document
from vplan.imports.models import DocumentImport, PendingImport
from vplan.plans.models import Activity, Assignment, Placement

from .helpers import parsed_seed, seed_path

pytestmark = pytest.mark.django_db

TEXT = "001_59efdfd005a14293.txt"
WORD = "rendered/2023-rendered.docx"
PDF = "rendered/2023-rendered.pdf"


def _counts() -> tuple[int, ...]:
    return (
        Assignment.objects.count(),
        Activity.all_objects.count(),
        Placement.objects.count(),
        StatusReport.objects.count(),
        DocumentImport.objects.count(),
    )


def _import(name: str, administration) -> str:
    out = io.StringIO()
    call_command(
        "import",
        str(seed_path(name)),
        "--administration",
        administration.short_code,
        "--create-boards",
        "--no-progress",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


@pytest.mark.parametrize("rendered", [WORD, PDF])
def test_the_rendered_report_after_its_text_writes_nothing_and_says_so(administration, rendered):
    _import(TEXT, administration)
    before = _counts()
    assert before[1] == 135  # the report's distinct activities

    output = _import(rendered, administration)

    assert "the same report is already in Vplan" in output
    assert "nothing was written" in output
    assert _counts() == before  # no assignment added again, no activity placed twice
    first = Assignment.objects.get(number=1)  # whole, and common to all boards
    assert first.text == (
        "Samtliga nämnder ska fortsätta arbetet med kommunens totalförsvarsplanering och "
        "kommunens krigsorganisation."
    )
    assert first.scope == Assignment.Scope.COMMON
    assert Assignment.objects.get(number=21).scope == Assignment.Scope.BOARD_SPECIFIC


def test_the_text_after_the_rendered_word_writes_nothing(administration):
    load_parsed_document(
        parsed=parsed_seed(WORD), by=None, sha256="word", administration=administration
    )
    before = _counts()
    result = load_parsed_document(
        parsed=parsed_seed(TEXT), by=None, sha256="text", administration=administration
    )
    assert (result.outcome, result.created) == (Outcome.UNCHANGED, False)
    assert _counts() == before
    # A rendering without the kind of an assignment does not make it board-specific.
    assert Assignment.objects.get(number=1).scope == Assignment.Scope.COMMON


def _upload(client, administration, name: str):
    data = seed_path(name).read_bytes()
    file = SimpleUploadedFile(seed_path(name).name, data)
    return client.post("/import/", {"administration": administration.pk, "file": file})


def test_the_page_says_the_word_version_is_already_in_vplan_and_confirming_writes_nothing(
    controller, administration
):
    load_parsed_document(
        parsed=parsed_seed(TEXT), by=None, sha256="text", administration=administration
    )
    before = _counts()
    client = Client()
    client.force_login(controller)
    assert _upload(client, administration, WORD).status_code == 302
    pending = PendingImport.objects.get()
    page = client.get(f"/import/{pending.pk}/").content.decode()
    assert "Rapporten finns redan i Vplan" in page
    assert f'action="/import/{pending.pk}/confirm/"' not in page
    response = client.post(f"/import/{pending.pk}/confirm/", follow=True)
    assert "importerades redan" in response.content.decode()
    assert _counts() == before


def test_the_api_says_the_word_version_is_already_in_vplan(controller, administration):
    record = load_parsed_document(
        parsed=parsed_seed(TEXT), by=None, sha256="text", administration=administration
    ).record
    before = _counts()
    client = Client()
    client.force_login(controller)

    def post(path):
        file = SimpleUploadedFile("2023.docx", seed_path(WORD).read_bytes())
        return client.post(f"/api{path}", {"administration": administration.pk, "file": file})

    preview = post("/imports/preview").json()
    assert (preview["can_import"], preview["already_imported"]["id"]) == (False, record.pk)
    response = post("/imports")
    assert response.status_code == 200
    assert response.json()["created"] is False
    assert "importerades redan" in response.json()["detail"]
    assert _counts() == before
