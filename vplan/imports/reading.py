"""Read any document Vplan imports: a follow-up report, or an IT object plan.

`read_document(path)` and `read_bytes(path=..., data=...)` detect which kind a file is from its
content: a text file that reads as a strategic object plan (says so near the top and budgets in
VM and VU) is read by read_objectplan.py, for `vplan.objectplans` to load; everything else is
read as a follow-up report, with the board codes and status words of the database (see
registry.py). Every refusal is an `ImportFormatError` naming the file and what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext

from vplan.objectplans.parsed import ParsedObjectPlan
from vplan.upload_limits import check_text

from .detect import file_bytes, parse_layout, read_layout
from .normalise import BoardRegistry, StatusVocabulary
from .parsed import ImportFormatError, ParsedDocument
from .read_objectplan import ObjectPlanParseError, looks_like_object_plan, parse_object_plan_text
from .registry import board_registry, status_vocabulary
from .upload_refusals import within_bounds

BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04")


def read_document(path: str | Path) -> ParsedDocument | ParsedObjectPlan:
    """Read one file as a follow-up report or an object plan."""
    path = Path(path)
    return read_bytes(path=path, data=file_bytes(path))


def read_bytes(
    *,
    path: str | Path,
    data: bytes,
    boards: BoardRegistry | None = None,
    statuses: StatusVocabulary | None = None,
) -> ParsedDocument | ParsedObjectPlan:
    """Read a file's bytes; `path` names it in errors and decides nothing but hints."""
    path = Path(path)
    text = object_plan_text(data)
    if text is not None:
        return _object_plan(path, text)
    layout, format_name = read_layout(path, data)
    return parse_layout(
        path,
        layout,
        format_name,
        board_registry=boards if boards is not None else board_registry(),
        statuses=statuses if statuses is not None else status_vocabulary(),
    )


def object_plan_text(data: bytes) -> str | None:
    """The text of an object plan document, or None when the bytes are something else."""
    if data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:4096]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text if looks_like_object_plan(text) else None


def _object_plan(path: Path, text: str) -> ParsedObjectPlan:
    within_bounds(path, check_text, text)
    try:
        return parse_object_plan_text(text, source=path.name)
    except ObjectPlanParseError as error:
        message = gettext("reads as an IT object plan, but %(problem)s") % {
            "problem": error.message[:1].lower() + error.message[1:]
        }
        if error.line:
            message += " " + gettext("(line %(line)s)") % {"line": error.line}
        raise ImportFormatError(path, message) from error


def is_object_plan(parsed: ParsedDocument | ParsedObjectPlan) -> bool:
    return isinstance(parsed, ParsedObjectPlan)
