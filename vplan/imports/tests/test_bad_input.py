"""Bad input gives an ImportFormatError that names the file and says what is wrong."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from vplan.imports.detect import parse_document
from vplan.imports.parsed import ImportFormatError


def _raises_for(path: Path, fragment: str) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as caught:
        parse_document(path)
    message = str(caught.value)
    assert str(path) in message
    assert fragment in message
    return caught.value


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("   \n\n", encoding="utf-8")
    _raises_for(path, "empty")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(bytes(range(256)) * 4)
    _raises_for(path, "binary")


def test_report_without_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "prose.txt"
    path.write_text(
        "Uppföljning av verksamhetsplan 2030\n\nEn text utan några tabeller alls.\n",
        encoding="utf-8",
    )
    _raises_for(path, "no activity table")


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    path = tmp_path / "report.pdf"
    path.write_bytes(data[: len(data) // 2])
    _raises_for(path, "truncated")


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    _raises_for(path, "no text layer")


def test_word_file_with_unexpected_table_is_refused(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Budget 2030")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Namn"
    table.cell(0, 1).text = "Belopp"
    table.cell(1, 0).text = "Licenser"
    table.cell(1, 1).text = "1 000"
    path = tmp_path / "budget.docx"
    document.save(path)
    error = _raises_for(path, "not an activity table")
    assert "Namn | Belopp" in error.message


def test_file_with_pdf_extension_but_other_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("Nämndmål\tAktivitet\tStatus\n", encoding="utf-8")
    _raises_for(path, "not a PDF")


def test_missing_file_is_refused(tmp_path: Path) -> None:
    _raises_for(tmp_path / "nowhere.docx", "cannot be read")
