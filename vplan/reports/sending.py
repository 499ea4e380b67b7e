"""Sending a report to the board: the file is frozen byte for byte, with its SHA-256."""

import hashlib

from django.db import transaction
from django.utils import timezone

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import FollowUpRound
from vplan.reports.models import SentReport
from vplan.reports.publication import MEMBER_WITHOUT_NAMES, PUBLIC, produce_round_file


def send_report(
    *, round: FollowUpRound, format: str, by, as_of=None, language: str | None = None
) -> SentReport:
    """Render the round's report as known at `as_of` (None: now) and keep the bytes.

    A sent report is a public document: it is rendered as the public reads the round (no
    personal names; a published round as published). Later downloads of the sent version
    return exactly these bytes, whatever happens to the data afterwards.
    """
    sent_at = timezone.now()
    if as_of is None:
        produced = produce_round_file(viewer=PUBLIC, round=round, format=format, language=language)
        as_of = sent_at
    else:
        produced = produce_round_file(
            viewer=MEMBER_WITHOUT_NAMES, round=round, format=format, as_of=as_of, language=language
        )
    sha256 = hashlib.sha256(produced.content).hexdigest()
    with transaction.atomic():
        sent = SentReport(
            round=round,
            format=format,
            filename=produced.filename,
            content_type=produced.content_type,
            content=produced.content,
            sha256=sha256,
            size=len(produced.content),
            as_of=as_of,
            sent_by=by if getattr(by, "is_authenticated", False) else None,
            sent_at=sent_at,
        )
        sent.full_clean()
        sent.save()
        record_change(
            obj=sent,
            by=by,
            action=ChangeRecord.Action.CREATED,
            changes={"sha256": (None, sha256), "format": (None, format)},
        )
    return sent
