"""What an upload over Vplan's bounds (vplan/upload_limits.py) says to the one who sent it.

`refusal_message(refusal)` words an `UploadRefused` for the import pages, the API and `vplan
import`, in the user's language; `ImportFormatError` puts the file's name in front.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext

from vplan.upload_limits import UploadRefused

from .parsed import ImportFormatError


def within_bounds(path: Path | str, check, *args) -> None:
    """Run one check of vplan/upload_limits.py; a refusal becomes an ImportFormatError naming
    the file."""
    try:
        check(*args)
    except UploadRefused as refusal:
        raise ImportFormatError(path, refusal_message(refusal)) from refusal


def refusal_message(refusal: UploadRefused) -> str:
    details = {key: _figure(value) for key, value in refusal.details.items()}
    message = _messages().get(refusal.code)
    return message % details if message else str(refusal)


def _figure(value) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    return str(value)


def _messages() -> dict[str, str]:
    return {
        "zip_damaged": gettext("is a damaged zip/.docx file: %(reason)s"),
        "zip_members": gettext(
            "has %(count)s parts inside (a .docx file has a few dozen); at most %(limit)s are read"
        ),
        "zip_inflated": gettext(
            "would take more than %(limit_mb)s MB unpacked (a zip bomb?): it is not read"
        ),
        "zip_ratio": gettext(
            "has a part (%(part)s) that unpacks to more than %(limit)s times its size "
            "(a zip bomb?): it is not read"
        ),
        "pdf_encrypted": gettext(
            "is an encrypted PDF, which Vplan cannot check: save it without a password"
        ),
        "pdf_inflated": gettext(
            "has compressed content that would take more than %(limit_mb)s MB unpacked "
            "(a PDF bomb?): it is not read"
        ),
        "pdf_ratio": gettext(
            "has a compressed stream (object %(part)s) that unpacks to more than %(limit)s "
            "times its size (a PDF bomb?): it is not read"
        ),
        "pdf_pages": gettext("has %(count)s pages; at most %(limit)s are read"),
        "text_characters": gettext("has %(count)s characters; at most %(limit)s are read"),
        "text_lines": gettext("has %(count)s lines; at most %(limit)s are read"),
        "line_characters": gettext(
            "has a line (line %(line)s) of %(count)s characters; at most %(limit)s are read"
        ),
        "json_size": gettext("is larger than %(limit_mb)s MB"),
        "json_depth": gettext(
            "is nested deeper than %(limit)s levels (at byte %(offset)s): it is not read"
        ),
        "json_invalid": gettext("is not valid JSON (line %(line)s, column %(column)s: %(reason)s)"),
        "not_utf8": gettext(
            "is neither UTF-8 nor Windows-1252 text (byte %(offset)s) and not a PDF or .docx either"
        ),
    }
