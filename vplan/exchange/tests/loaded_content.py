"""What a load leaves in the database, in words that do not depend on row ids: counts of every
kind of row, the order the activities were written in (a hash per plan), and a sample of
activities with their boards, places, reports and change records.

test_bulk_load.py compares a load of the bench's small document (bench/dataset.py) with
loaded_small_document.json, written by the one-row-at-a-time loader this bulk loader replaced
(content_of_database() on a database it loaded, with a user "loader" as `by`).
"""

import hashlib
from collections import Counter

from vplan.audit.models import ChangeRecord
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.organisation.models import Administration, Board
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement, Plan

SAMPLE_EVERY = 40  # of the activities ordered by uid


def _moment(value) -> str | None:
    return value.isoformat() if value is not None else None


def content_of_database() -> dict:
    uid_of = {pk: str(uid) for pk, uid in Activity.all_objects.values_list("pk", "uid")}
    codes = dict(Administration.objects.values_list("pk", "short_code"))
    records = Counter(
        f"{model}:{action}"
        for model, action in ChangeRecord.objects.values_list("content_type__model", "action")
    )
    counts = {
        "administrations": Administration.objects.count(),
        "boards": Board.objects.count(),
        "statuses": Status.objects.count(),
        "plans": Plan.objects.count(),
        "plan_boards": Plan.boards.through.objects.count(),
        "municipal_goals": MunicipalGoal.objects.count(),
        "board_goals": BoardGoal.objects.count(),
        "assignments": Assignment.objects.count(),
        "assignment_boards": Assignment.boards.through.objects.count(),
        "activities": Activity.all_objects.count(),
        "deleted_activities": Activity.all_objects.filter(deleted_at__isnull=False).count(),
        "parts": Activity.all_objects.filter(parent__isnull=False).count(),
        "carried_over": Activity.all_objects.filter(carried_over_from__isnull=False).count(),
        "activity_boards": Activity.boards.through.objects.count(),
        "placements": Placement.objects.count(),
        "rounds": FollowUpRound.objects.count(),
        "status_reports": StatusReport.objects.count(),
        "change_records": dict(sorted(records.items())),
    }
    written_order = {}
    for plan in Plan.objects.select_related("administration").order_by("pk"):
        uids = Activity.all_objects.filter(plan=plan).order_by("pk").values_list("uid", flat=True)
        digest = hashlib.sha256("".join(str(uid) for uid in uids).encode()).hexdigest()
        written_order[f"{plan.administration.short_code} {plan.year}"] = digest[:16]
    sample = []
    activities = Activity.all_objects.select_related(
        "plan__administration", "created_by", "deleted_by"
    ).order_by("uid")
    for activity in list(activities)[::SAMPLE_EVERY]:
        sample.append(_activity(activity, uid_of, codes))
    return {"counts": counts, "written_order": written_order, "sample": sample}


def _activity(activity: Activity, uid_of: dict[int, str], codes: dict[int, str]) -> dict:
    def plain(key, value):
        if key in ("parent", "carried_over_from") and value is not None:
            return uid_of[value]
        return value

    records = ChangeRecord.objects.filter(
        content_type__model="activity", object_id=str(activity.pk)
    ).order_by("pk")
    return {
        "uid": str(activity.uid),
        "plan": f"{activity.plan.administration.short_code} {activity.plan.year}",
        "text": activity.text,
        "decided_end": str(activity.decided_end or ""),
        "current_end": str(activity.current_end or ""),
        "postponed_from_unknown_date": activity.postponed_from_unknown_date,
        "parent": uid_of.get(activity.parent_id),
        "carried_over_from": uid_of.get(activity.carried_over_from_id),
        "carried_over_from_year": activity.carried_over_from_year,
        "represents_assignment": activity.represents_assignment,
        "order": activity.order,
        "created_at": _moment(activity.created_at),
        "created_by": str(activity.created_by) if activity.created_by else None,
        "deleted_at": _moment(activity.deleted_at),
        "deleted_by": str(activity.deleted_by) if activity.deleted_by else None,
        "boards": sorted(activity.boards.values_list("code", flat=True)),
        "placements": [
            [
                placement.perspective.name,
                placement.municipal_goal.title if placement.municipal_goal else None,
                placement.board_goal.title if placement.board_goal else None,
                placement.assignment.number if placement.assignment else None,
                placement.order,
            ]
            for placement in activity.placements.select_related(
                "perspective", "municipal_goal", "board_goal", "assignment"
            ).order_by("pk")
        ],
        "reports": [
            [report.round.as_of.isoformat(), report.version, report.status_id is not None]
            for report in StatusReport.objects.filter(activity=activity)
            .select_related("round")
            .order_by("round__as_of", "version")
        ],
        "change_records": [
            {
                "action": record.action,
                "by": str(record.changed_by) if record.changed_by else None,
                # A deletion is recorded at the moment of loading; everything else at the plan's
                # created_at.
                "at": None if record.action == "deleted" else _moment(record.changed_at),
                "administration": codes.get(record.administration_id),
                "object_repr": record.object_repr,
                "changes": {
                    key: [old, plain(key, new)] for key, (old, new) in record.changes.items()
                },
            }
            for record in records
        ],
    }
