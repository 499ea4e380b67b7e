"""Every upload of a report is bounded before it is read: a zip or PDF bomb, a text over its
bounds, or bytes that are not what the name says are refused with the file named and what is
wrong, through the page, the API and `vplan import`, and nothing is written."""

from __future__ import annotations

import io
import zlib
from functools import cache
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from vplan.imports.models import DocumentImport, PendingImport
from vplan.plans.models import Activity, Plan
from vplan.upload_limits import MAX_LINE_CHARACTERS, MAX_TEXT_CHARACTERS, MAX_TEXT_LINES

from .helpers import small_report
from .upload_files import pdf_bomb, pdf_with_stream, with_zeros, word_bomb, word_document

pytestmark = pytest.mark.django_db


@cache
def _bombs() -> dict[str, bytes]:
    """Built once: each a megabyte or less on disk."""
    return {
        "gigabyte": word_bomb(1024),
        "ratio": with_zeros(word_document(), "word/media/zeros.bin", 50),
        "lying": with_zeros(word_document(), "word/media/zeros.bin", 200, declared=4096),
        "pdf": pdf_bomb(200),
    }


def _api(client: Client, path: str, administration, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(f"/api{path}", {"administration": administration.pk, "file": upload})


def _page(client: Client, administration, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post("/import/", {"administration": administration.pk, "file": upload})


@pytest.fixture
def signed_in(controller) -> Client:
    client = Client()
    client.force_login(controller)
    return client


def _nothing_written() -> bool:
    return not (
        PendingImport.objects.exists()
        or DocumentImport.objects.exists()
        or Plan.objects.exists()
        or Activity.objects.exists()
    )


BOUNDS = [
    ("gigabyte", "rapport.docx", "zip-bomb"),
    ("ratio", "rapport.docx", "gånger sin storlek (en zip-bomb?)"),
    ("lying", "rapport.docx", "skadad zip"),
    ("pdf", "rapport.pdf", "PDF-bomb"),
]


@pytest.mark.parametrize("path", ["/imports/preview", "/imports"])
@pytest.mark.parametrize(("bomb", "name", "problem"), BOUNDS)
def test_a_bomb_is_refused_through_the_api_and_nothing_is_written(
    signed_in, administration, path, bomb, name, problem
):
    response = _api(signed_in, path, administration, name, _bombs()[bomb])

    assert response.status_code == 400
    (message,) = response.json()["errors"]["file"]
    assert message.startswith(f"{name}: ")
    assert problem in message
    assert _nothing_written()


@pytest.mark.parametrize(("bomb", "name", "problem"), BOUNDS)
def test_a_bomb_is_refused_on_the_import_page_and_nothing_is_kept(
    signed_in, administration, bomb, name, problem
):
    response = _page(signed_in, administration, name, _bombs()[bomb])

    assert response.status_code == 422
    (message,) = response.context["form"].errors["file"]
    assert message.startswith(f"{name}: ")
    assert problem in message
    assert _nothing_written()


def test_a_word_bomb_is_refused_by_vplan_import_and_nothing_is_written(tmp_path: Path):
    path = tmp_path / "rapport.docx"
    path.write_bytes(_bombs()["gigabyte"])

    with pytest.raises(CommandError) as failed:
        call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert "rapport.docx: would take more than 100 MB unpacked" in str(failed.value)
    assert _nothing_written()


def test_a_pdf_with_too_many_pages_is_refused(signed_in, administration):
    many_pages = pdf_with_stream(zlib.compress(b"BT ET"), pages=1_001)

    response = _api(signed_in, "/imports/preview", administration, "rapport.pdf", many_pages)

    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [
        "rapport.pdf: har 1\u00a0001 sidor; högst 1\u00a0000 läses"
    ]
    assert _nothing_written()


def _numbered(count: int) -> str:
    return f"{count:,}".replace(",", "\u00a0")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "x" * (MAX_TEXT_CHARACTERS + 1),
            f"har {_numbered(MAX_TEXT_CHARACTERS + 1)} tecken; högst "
            f"{_numbered(MAX_TEXT_CHARACTERS)} läses",
        ),
        (
            "rad\n" * MAX_TEXT_LINES,
            f"har {_numbered(MAX_TEXT_LINES + 1)} rader; högst {_numbered(MAX_TEXT_LINES)} läses",
        ),
        (
            "Rubrik\n" + "y" * (MAX_LINE_CHARACTERS + 1) + "\n",
            f"har en rad (rad 2) med {_numbered(MAX_LINE_CHARACTERS + 1)} tecken",
        ),
    ],
    ids=["characters", "lines", "line length"],
)
def test_a_text_over_its_bounds_is_refused_saying_which_bound(
    signed_in, administration, text, problem
):
    response = _api(signed_in, "/imports/preview", administration, "rapport.txt", text.encode())

    assert response.status_code == 400
    (message,) = response.json()["errors"]["file"]
    assert message.startswith("rapport.txt: ")
    assert problem in message
    assert _nothing_written()


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("rapport.docx", pdf_with_stream(b"BT ET", filters="[]"), "har ändelsen .docx men är"),
        ("rapport.txt", pdf_with_stream(b"BT ET", filters="[]"), "har ändelsen .txt men är"),
        ("rapport.md", word_document(), "har ändelsen .md men är ett zip-arkiv"),
        ("rapport.pdf", small_report().encode(), "har ändelsen .pdf men är ingen PDF-fil"),
        (
            "rapport.docx",
            small_report().encode(),
            "har en Word-ändelse men är inget .docx-dokument",
        ),
    ],
    ids=["pdf as docx", "pdf as txt", "docx as md", "text as pdf", "text as docx"],
)
@pytest.mark.parametrize("path", ["/imports/preview", "/imports"])
def test_the_bytes_must_be_what_the_name_says(
    signed_in, administration, path, name, content, problem
):
    response = _api(signed_in, path, administration, name, content)

    assert response.status_code == 400
    (message,) = response.json()["errors"]["file"]
    assert message.startswith(f"{name}: ")
    assert problem in message
    assert _nothing_written()


def test_windows_1252_text_is_read_with_a_warning(signed_in, administration):
    content = small_report().encode("cp1252")

    response = _api(signed_in, "/imports/preview", administration, "rapport.txt", content)

    assert response.status_code == 200
    preview = response.json()
    assert "windows_1252" in [warning["code"] for warning in preview["warnings"]]
    assert not DocumentImport.objects.exists()


def test_an_encrypted_pdf_is_refused_since_its_streams_cannot_be_checked(signed_in, administration):
    encrypted = pdf_with_stream(zlib.compress(b"BT ET")).replace(
        b"trailer << /Root 1 0 R", b"trailer << /Encrypt 9 0 R /Root 1 0 R"
    )

    response = _api(signed_in, "/imports/preview", administration, "rapport.pdf", encrypted)

    assert response.status_code == 400
    assert response.json()["errors"]["file"] == [
        "rapport.pdf: är en krypterad PDF, som Vplan inte kan kontrollera: spara den utan lösenord"
    ]
    assert _nothing_written()
