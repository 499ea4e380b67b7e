"""Uploaded reports: read, wait for confirmation, then load. Shared by the page and the API.

`read_upload` refuses what the import page does not take (other file kinds, too large, an IT
object plan, which has its own page); `stage_import` keeps the parsed upload as a
`PendingImport`; `commit_pending_import` loads exactly that, all or nothing; and
`discard_pending_import` drops it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils.timezone import localtime
from django.utils.translation import gettext

from vplan.organisation.models import Administration

from .load import LoadResult, load_parsed_document
from .models import PendingImport
from .parsed import ImportFormatError, ParsedDocument
from .reading import is_object_plan, read_bytes

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")


def upload_bytes(upload) -> bytes:
    """The bytes of an uploaded file (Django's UploadedFile), refusing one too large to read."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFormatError(Path(upload.name).name, _too_large())
    return upload.read()


def _too_large() -> str:
    return gettext("is larger than %(megabytes)s MB") % {"megabytes": MAX_UPLOAD_BYTES >> 20}


def read_upload(*, name: str, data: bytes) -> ParsedDocument:
    """Parse an uploaded follow-up report, or raise ImportFormatError naming the file."""
    path = Path(Path(name).name or "upload")
    if path.suffix.lower() not in ACCEPTED_SUFFIXES:
        raise ImportFormatError(
            path,
            gettext(
                "cannot be imported: choose a Word (.docx), PDF (.pdf), text (.txt) or "
                "Markdown (.md) file"
            ),
        )
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFormatError(path, _too_large())
    parsed = read_bytes(path=path, data=data)
    if is_object_plan(parsed):
        raise ImportFormatError(
            path,
            gettext(
                "is an IT object plan, not a follow-up report: import it on the IT object "
                "plans page or with vplan import"
            ),
        )
    return parsed


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stage_import(*, name: str, data: bytes, administration: Administration, by) -> PendingImport:
    """Parse an upload and keep it for its uploader to confirm; nothing of the plan is written."""
    parsed = read_upload(name=name, data=data)
    with transaction.atomic():
        PendingImport.objects.expired().delete()
        return PendingImport.objects.create(
            uploaded_by=by,
            administration=administration,
            source_name=parsed.source[:300],
            sha256=sha256_of(data),
            size=len(data),
            parsed=parsed.to_schema_dict(),
        )


def import_upload(*, name: str, data: bytes, administration: Administration, by) -> LoadResult:
    """Parse and load an upload in one step (the API's commit), all or nothing."""
    parsed = read_upload(name=name, data=data)
    return load_parsed_document(
        parsed=parsed, by=by, sha256=sha256_of(data), administration=administration
    )


def pending_document(pending: PendingImport) -> ParsedDocument:
    return ParsedDocument.from_schema_dict(pending.parsed)


def commit_pending_import(*, pending: PendingImport, by) -> LoadResult:
    """Load what the preview showed, all or nothing; the pending upload goes either way it ends
    well (imported now, or imported before)."""
    with transaction.atomic():
        result = load_parsed_document(
            parsed=pending_document(pending),
            by=by,
            sha256=pending.sha256,
            administration=pending.administration,
        )
        pending.delete()
    return result


def discard_pending_import(*, pending: PendingImport) -> None:
    """Cancel: the upload is dropped; nothing of it was ever loaded."""
    pending.delete()


def describe_result(result: LoadResult) -> str:
    """What an import did, in a sentence for the page and the API."""
    record = result.record
    if not result.created:
        return gettext(
            "%(file)s was already imported on %(date)s, into %(plan)s: nothing was written."
        ) % {
            "file": record.source_name,
            "date": localtime(record.imported_at).strftime("%Y-%m-%d %H:%M"),
            "plan": record.plan.title,
        }
    return gettext(
        "%(file)s is imported into %(plan)s: %(activities)s activities and %(reports)s status "
        "reports in the round %(round)s."
    ) % {
        "file": record.source_name,
        "plan": record.plan.title,
        "activities": result.activities_created,
        "reports": result.reports_created,
        "round": record.round.label,
    }
