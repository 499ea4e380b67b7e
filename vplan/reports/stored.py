"""Report files a worker made of a round that is not published, kept for as long as the round's
data is unchanged (`StoredReport`).

A published round's files are its publication's (`PublishedFile`), frozen for ever. A round that
is open (or closed, or an "as of" report for members) changes, so its file is kept under a
*fingerprint* of what it was made from; asking again for the same file of the same data gives
the stored bytes at once, and any change gives another fingerprint and so a new file.

The fingerprint is a handful of aggregate queries, not the report itself (building the model of
3,000 activities takes a second or more): the round's and the plan's own fields, the count and
newest row of the plan's activities (deleted ones too), placements and status reports, the
status vocabulary, the administration's newest change record (every edit through Vplan writes
one: texts, end dates, goals, boards, the Word template) and its active Word template, and the
"as of" moment. An edit made behind Vplan's back, in SQL, is not seen until the next of these
changes.
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from vplan.audit.models import ChangeRecord
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.plans.models import Activity, Placement, Plan
from vplan.reports.formats import ReportFile
from vplan.reports.models import ReportTemplate, StoredReport

# Bumped when the renderers change what they write, so that older files are made again.
RENDERING = 1


def data_fingerprint(*, round: FollowUpRound, format: str, as_of=None) -> str:
    """A digest of everything the round's report file is made from (see the module)."""
    plan_id = round.plan_id
    plan = Plan._base_manager.filter(pk=plan_id).values().get()
    state = {
        "rendering": RENDERING,
        "format": format,
        "as_of": as_of.isoformat() if as_of is not None else None,
        "round": FollowUpRound.objects.filter(pk=round.pk).values().get(),
        "plan": plan,
        "boards": list(Plan.boards.through.objects.filter(plan_id=plan_id).values_list("id")),
        "activities": Activity.all_objects.filter(plan_id=plan_id).aggregate(
            count=Count("id"), newest=Max("id"), deleted=Count("deleted_at"), last=Max("deleted_at")
        ),
        "placements": Placement.objects.filter(activity__plan_id=plan_id).aggregate(
            count=Count("id"), newest=Max("id")
        ),
        "reports": StatusReport.objects.filter(activity__plan_id=plan_id).aggregate(
            count=Count("id"), newest=Max("id")
        ),
        "statuses": list(Status.objects.order_by("pk").values_list()),
        "changes": ChangeRecord.objects.filter(
            administration_id=plan["administration_id"]
        ).aggregate(newest=Max("id")),
        "template": ReportTemplate.objects.filter(
            administration_id=plan["administration_id"], is_active=True
        )
        .values_list("id", flat=True)
        .first(),
    }
    text = json.dumps(state, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_file(
    *, round: FollowUpRound, format: str, language: str, audience: str, fingerprint: str
) -> ReportFile | None:
    stored = (
        StoredReport.objects.filter(
            round=round,
            format=format,
            language=language,
            audience=audience,
            fingerprint=fingerprint,
        )
        .only("filename", "content_type", "content")
        .first()
    )
    if stored is None:
        return None
    return ReportFile(
        filename=stored.filename, content_type=stored.content_type, content=bytes(stored.content)
    )


def store_file(
    *,
    round: FollowUpRound,
    format: str,
    language: str,
    audience: str,
    fingerprint: str,
    file: ReportFile,
) -> ReportFile:
    """Keep the file under its fingerprint (the older files of the same kind go: they were of
    data that has changed since); a file stored by another worker meanwhile is served."""
    kind = {"round": round, "format": format, "language": language, "audience": audience}
    try:
        with transaction.atomic():
            StoredReport.objects.filter(**kind).exclude(fingerprint=fingerprint).delete()
            StoredReport.objects.create(
                fingerprint=fingerprint,
                filename=file.filename,
                content_type=file.content_type,
                content=file.content,
                sha256=hashlib.sha256(file.content).hexdigest(),
                size=len(file.content),
                **kind,
            )
    except IntegrityError:  # the same file of the same data, stored by another job
        return stored_file(fingerprint=fingerprint, **kind) or file
    return file
