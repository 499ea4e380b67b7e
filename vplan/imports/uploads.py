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

from .detect import check_content
from .load import LoadResult, Outcome, load_parsed_document
from .models import PendingImport
from .parsed import ImportFormatError, ParsedDocument
from .reading import is_object_plan, read_bytes
from .registry import BoardChoices

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")


def upload_bytes(upload) -> bytes:
    """The bytes of an uploaded file (Django's UploadedFile), refusing one too large to read,
    or (of a kind the import takes) one whose bytes are not what its name says or over the
    bounds of vplan/upload_limits.py: checked here, before any worker is asked to read it."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFormatError(Path(upload.name).name, _too_large())
    data = upload.read()
    check_upload(name=upload.name, data=data)
    return data


def check_upload(*, name: str, data: bytes) -> None:
    """Refuse an upload of a kind the import takes whose bytes are not what its name says or
    are over the bounds, as read_upload would before reading it as a report. (A kind the import
    does not take is refused by read_upload, at once or in a worker.)"""
    path = _upload_path(name)
    if path.suffix.lower() not in ACCEPTED_SUFFIXES:
        return
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFormatError(path, _too_large())
    check_content(path, data)


def _upload_path(name: str) -> Path:
    return Path(Path(name).name or "upload")


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() not in ACCEPTED_SUFFIXES:
        raise ImportFormatError(
            path,
            gettext(
                "cannot be imported: choose a Word (.docx), PDF (.pdf), text (.txt) or "
                "Markdown (.md) file"
            ),
        )


def _too_large() -> str:
    return gettext("is larger than %(megabytes)s MB") % {"megabytes": MAX_UPLOAD_BYTES >> 20}


def read_upload(*, name: str, data: bytes) -> ParsedDocument:
    """Parse an uploaded follow-up report, or raise ImportFormatError naming the file."""
    path = _upload_path(name)
    _check_suffix(path)
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


def import_upload(
    *,
    name: str,
    data: bytes,
    administration: Administration,
    by,
    board_choices: BoardChoices | None = None,
    apply_changes: bool = False,
) -> LoadResult:
    """Parse and load an upload in one step (the API's commit), all or nothing.

    The same report already in Vplan (in any format) writes nothing; a different version of
    one is refused unless `apply_changes` says the caller has seen the difference; board codes
    that are not boards of Vplan are refused unless `board_choices` maps or creates them.
    """
    parsed = read_upload(name=name, data=data)
    result = load_parsed_document(
        parsed=parsed,
        by=by,
        sha256=sha256_of(data),
        administration=administration,
        board_choices=board_choices or BoardChoices(),
        apply_changes=apply_changes,
    )
    if result.record is None:
        raise ImportFormatError(parsed.source, describe_result(result, source=parsed.source))
    if result.outcome == Outcome.DIFFERS:
        raise ImportFormatError(parsed.source, describe_result(result, source=parsed.source))
    return result


def pending_document(pending: PendingImport) -> ParsedDocument:
    return ParsedDocument.from_schema_dict(pending.parsed)


def commit_pending_import(
    *,
    pending: PendingImport,
    by,
    board_choices: BoardChoices | None = None,
    expected_difference: str | None = None,
) -> LoadResult:
    """Load what the preview showed, all or nothing, with the user's board choices; a
    difference to a report already in Vplan is applied (confirming is the user's consent), if
    it is still the difference the preview showed. The pending upload goes when it ends well."""
    with transaction.atomic():
        result = load_parsed_document(
            parsed=pending_document(pending),
            by=by,
            sha256=pending.sha256,
            administration=pending.administration,
            board_choices=board_choices or BoardChoices(),
            apply_changes=True,
            expected_difference=expected_difference,
        )
        pending.delete()
    return result


def discard_pending_import(*, pending: PendingImport) -> None:
    """Cancel: the upload is dropped; nothing of it was ever loaded."""
    pending.delete()


def describe_result(result: LoadResult, *, source: str = "") -> str:
    """What an import did, in a sentence for the page and the API."""
    record, difference = result.record, result.difference
    if result.outcome == Outcome.UNCHANGED:
        return _same_report(result, source)
    if result.outcome == Outcome.DIFFERS:
        return gettext(
            "%(file)s is another version of %(round)s of %(plan)s, which Vplan holds: nothing "
            "was written. Preview it to see the differences and confirm them."
        ) % {
            "file": source or (record.source_name if record else ""),
            "round": difference.round.label,
            "plan": difference.plan.title,
        }
    if result.outcome == Outcome.UPDATED:
        return gettext(
            "%(file)s updated %(plan)s, round %(round)s: %(added)s activities added, "
            "%(changed)s changed, %(removed)s removed and %(reports)s new status report "
            "versions."
        ) % {
            "file": record.source_name,
            "plan": record.plan.title,
            "round": record.round.label,
            "added": result.activities_created,
            "changed": result.activities_changed,
            "removed": result.activities_removed,
            "reports": result.reports_created,
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


def _same_report(result: LoadResult, source: str) -> str:
    record, difference = result.record, result.difference
    if record is None:
        return gettext(
            "Vplan already holds this report as %(round)s of %(plan)s: nothing was written."
        ) % {"round": difference.round.label, "plan": difference.plan.title}
    return gettext(
        "%(file)s: this report was already imported on %(date)s (from %(source)s), into "
        "%(plan)s: nothing was written."
    ) % {
        "file": source or record.source_name,
        "date": localtime(record.imported_at).strftime("%Y-%m-%d %H:%M"),
        "source": record.source_name,
        "plan": record.plan.title,
    }
