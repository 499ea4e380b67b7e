"""Read a follow-up report of any supported format: `parse_document(path)`.

The format is detected from the content (with the extension as a hint): Word (.docx), PDF with a
text layer (.pdf), Markdown with tab-separated tables, or text extracted from a PDF with its
columns interleaved. Bad input raises `ImportFormatError` naming the file and what is wrong.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.utils.translation import gettext

from vplan import upload_limits
from vplan.upload_limits import UploadRefused

from .assemble import assemble
from .layout import Layout
from .normalise import (
    DEFAULT_BOARD_REGISTRY,
    DEFAULT_STATUS_VOCABULARY,
    BoardRegistry,
    StatusVocabulary,
)
from .parsed import ImportFormatError, ParsedDocument
from .upload_refusals import refusal_message, within_bounds

EXPECTED_HEADER = "Nämndmål, Aktivitet, Nämnd, Slutdatum, Status, Kommentar"


def parse_document(
    path: str | Path,
    *,
    board_registry: BoardRegistry = DEFAULT_BOARD_REGISTRY,
    statuses: StatusVocabulary = DEFAULT_STATUS_VOCABULARY,
) -> ParsedDocument:
    """Parse one report file into a `ParsedDocument`."""
    path = Path(path)
    layout, format_name = read_layout(path, file_bytes(path))
    return parse_layout(path, layout, format_name, board_registry=board_registry, statuses=statuses)


def file_bytes(path: Path) -> bytes:
    """The bytes of a file to import, or an ImportFormatError saying why it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportFormatError(
            path, gettext("cannot be read: %(reason)s") % {"reason": error.strerror or error}
        ) from error


def parse_layout(
    path: Path,
    layout: Layout,
    format_name: str,
    *,
    board_registry: BoardRegistry = DEFAULT_BOARD_REGISTRY,
    statuses: StatusVocabulary = DEFAULT_STATUS_VOCABULARY,
) -> ParsedDocument:
    """Interpret a reader's layout (see `read_layout`); refuses a report without activities."""
    if layout.table_count == 0:
        raise ImportFormatError(
            path,
            gettext("no activity table found (expected a table with the columns %(columns)s)")
            % {"columns": EXPECTED_HEADER},
        )
    document = assemble(
        layout,
        source=path.name,
        format=format_name,
        board_registry=board_registry,
        statuses=statuses,
    )
    if not document.activities:
        raise ImportFormatError(
            path,
            gettext(
                "the activity tables hold no activity rows (no row has an end date or a status)"
            ),
        )
    return document


def parse_text(
    text: str,
    *,
    source: str = "<text>",
    board_registry: BoardRegistry = DEFAULT_BOARD_REGISTRY,
    statuses: StatusVocabulary = DEFAULT_STATUS_VOCABULARY,
) -> ParsedDocument:
    """Parse a report given as text (Markdown or extracted PDF text), as `parse_document` does."""
    path = Path(source)
    layout, format_name = _read_text_layout(path, text)
    return parse_layout(path, layout, format_name, board_registry=board_registry, statuses=statuses)


TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def read_layout(path: Path, data: bytes) -> tuple[Layout, str]:
    """The layout of a file and the name of its format.

    The content decides (see `kind_of`); a reader opens the file once it is within the bounds
    of vplan/upload_limits.py."""
    kind = kind_of(path, data)
    if kind == "pdf":
        from .read_pdf import read_pdf

        return read_pdf(path, data), "pdf"
    if kind == "docx":
        from .read_docx import read_docx

        return read_docx(path, data), "docx"
    text, windows_1252 = decode_text_with_fallback(path, data)
    layout, format_name = _read_text_layout(path, text)
    if windows_1252:
        layout.warnings.append(("windows_1252", windows_1252_warning()))
    return layout, format_name


def kind_of(path: Path, data: bytes) -> str:
    """'pdf', 'docx' or 'text', from the content; a known extension must match it: a .pdf is a
    PDF, a .docx a Word document (a zip archive with word/document.xml), a .txt or .md text."""
    if not data.strip():
        raise ImportFormatError(path, gettext("the file is empty"))
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF"):
        if suffix in TEXT_SUFFIXES or suffix in (".docx", ".doc"):
            raise ImportFormatError(path, _suffix_mismatch(suffix, gettext("a PDF file")))
        return "pdf"
    if suffix == ".pdf":
        raise ImportFormatError(path, gettext("has the extension .pdf but is not a PDF file"))
    if data.startswith(b"PK\x03\x04"):
        if suffix in TEXT_SUFFIXES:
            raise ImportFormatError(path, _suffix_mismatch(suffix, gettext("a zip archive")))
        if not _is_word_document(data, path):
            raise ImportFormatError(
                path, gettext("is a zip archive but not a Word (.docx) document")
            )
        return "docx"
    if suffix in (".docx", ".doc"):
        raise ImportFormatError(path, gettext("has a Word extension but is not a .docx document"))
    return "text"


def check_content(path: Path, data: bytes) -> None:
    """What reading a file checks before a reader opens it, without reading it as a report:
    the bytes are what the extension says and within the bounds of vplan/upload_limits.py.
    An upload is checked so before a worker is asked to read it."""
    kind = kind_of(path, data)
    if kind == "pdf":
        within_bounds(path, upload_limits.check_pdf, data)
    elif kind == "docx":
        within_bounds(path, upload_limits.check_zip, data)
    else:
        text, _ = decode_text_with_fallback(path, data)
        within_bounds(path, upload_limits.check_text, text)


def _suffix_mismatch(suffix: str, kind: str) -> str:
    return gettext("has the extension %(suffix)s but is %(kind)s: give it its right extension") % {
        "suffix": suffix,
        "kind": kind,
    }


def windows_1252_warning() -> str:
    return gettext(
        "the file is not UTF-8: it was read as Windows-1252 text; check that å, ä and ö came "
        "out right"
    )


def _read_text_layout(path: Path, text: str) -> tuple[Layout, str]:
    if not text.strip():
        raise ImportFormatError(path, gettext("the file is empty"))
    within_bounds(path, upload_limits.check_text, text)
    from .read_markdown import looks_like_markdown, read_markdown_text

    if looks_like_markdown(text):
        return read_markdown_text(text), "markdown"
    from .read_text import read_extracted_text

    return read_extracted_text(text), "text"


def decode_text(path: Path, data: bytes) -> str:
    """Text of a text file, or an error for a binary one."""
    return decode_text_with_fallback(path, data)[0]


def decode_text_with_fallback(path: Path, data: bytes) -> tuple[str, bool]:
    """Text of a text file (UTF-8, or else Windows-1252: the flag says so), or an error for a
    binary one."""
    if b"\x00" in data[:4096]:
        raise ImportFormatError(path, _binary_message())
    try:
        text, windows_1252 = upload_limits.decode_text(data)
    except UploadRefused as refusal:
        raise ImportFormatError(path, refusal_message(refusal)) from refusal
    control = sum(1 for char in text[:4096] if ord(char) < 32 and char not in "\t\n\r\f")
    if control > 8 or (windows_1252 and _looks_binary(text)):
        raise ImportFormatError(path, _binary_message())
    return text, windows_1252


def _looks_binary(text: str) -> bool:
    """Windows-1252 reads nearly any bytes: a 'text' mostly of symbols is not one."""
    sample = text[:4096]
    letters = sum(1 for char in sample if char.isalnum() or char.isspace())
    return letters < 0.7 * len(sample)


def _binary_message() -> str:
    return gettext("is a binary file, not a report (no text, PDF or .docx)")


def _is_word_document(data: bytes, path: Path) -> bool:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile as error:
        raise ImportFormatError(
            path, gettext("is a damaged zip/.docx file: %(reason)s") % {"reason": error}
        ) from error
