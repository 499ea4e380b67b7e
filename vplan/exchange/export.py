"""Export whole plans, with their full status history, to the Vplan exchange format.

The format is documented in docs/exchange-format.md. Export is deterministic: the same data
always gives the same bytes, so loading an export into an empty database and exporting again
gives an identical file. For that, every list is in an order the loader reproduces by creating
rows in file order: activities as the plan reads them (each followed by its parts), a round's
reports in the order of the activities, and within one activity and round by version.
"""

import json

from django.db.models import Prefetch

from vplan.exchange.document import FORMAT_NAME, FORMAT_VERSION
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement, Plan


def _iso(value):
    return value.isoformat() if value else None


def _text(end_date) -> str:
    return str(end_date) if end_date else ""


def _board_codes(boards) -> list[str]:
    return sorted(board.display_code for board in boards)


def _keyed(prefix: str, rows) -> dict[int, str]:
    return {row.pk: f"{prefix}{index}" for index, row in enumerate(rows, start=1)}


def plans_for_export(plan_ids: list[int] | None = None):
    plans = Plan.objects.select_related("administration").prefetch_related(
        "boards",
        Prefetch(
            "municipal_goals",
            queryset=MunicipalGoal.objects.select_related("perspective").order_by(
                "perspective__order", "order", "id"
            ),
        ),
        Prefetch("board_goals", queryset=BoardGoal.objects.order_by("order", "id")),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.prefetch_related("boards").order_by("order", "id"),
        ),
        Prefetch(
            "activities",
            # Deleted activities too: their status reports are history, and a later year's
            # activity may have been carried over from one.
            queryset=Activity.all_objects.select_related("carried_over_from__plan", "parent")
            .prefetch_related(
                "boards",
                "responsible_people",
                Prefetch(
                    "placements",
                    queryset=Placement.objects.select_related("perspective").order_by(
                        "order", "id"
                    ),
                ),
            )
            .order_by("order", "id"),
        ),
        Prefetch(
            "rounds",
            queryset=FollowUpRound.objects.order_by("as_of", "id").prefetch_related(
                Prefetch(
                    "reports",
                    queryset=StatusReport.objects.select_related(
                        "status", "author", "activity"
                    ).order_by("activity_id", "version"),
                )
            ),
        ),
    )
    if plan_ids is not None:
        plans = plans.filter(pk__in=plan_ids)
    return plans.order_by("administration__short_code", "year")


def in_plan_order(activities: list[Activity]) -> list[Activity]:
    """Activities as the plan reads them: each one (by order) followed by its parts (by order).
    A part whose activity is not among them follows the others, so none is lost."""
    parts: dict[int, list[Activity]] = {}
    for activity in activities:
        if activity.parent_id is not None:
            parts.setdefault(activity.parent_id, []).append(activity)
    ordered = []
    for activity in activities:
        if activity.parent_id is None:
            ordered.append(activity)
            ordered.extend(parts.pop(activity.pk, []))
    for rest in parts.values():
        ordered.extend(rest)
    return ordered


def _reports_in_order(reports, position: dict[int, int]) -> list:
    return sorted(reports, key=lambda r: (position.get(r.activity_id, len(position)), r.version))


def export_plan(plan: Plan) -> dict:
    goals = list(plan.municipal_goals.all())
    board_goals = list(plan.board_goals.all())
    assignments = list(plan.assignments.all())
    activities = in_plan_order(list(plan.activities.all()))
    position = {activity.pk: index for index, activity in enumerate(activities)}
    goal_keys = _keyed("mg", goals)
    board_goal_keys = _keyed("bg", board_goals)
    assignment_keys = _keyed("as", assignments)
    uids = {activity.pk: str(activity.uid) for activity in activities}
    return {
        "administration": {
            "name": plan.administration.name,
            "short_code": plan.administration.short_code,
            "municipality": plan.administration.municipality,
        },
        "year": plan.year,
        "state": plan.state,
        "decided_on": _iso(plan.decided_on),
        "revised_on": _iso(plan.revised_on),
        "boards": [
            {"code": board.display_code, "name": board.name}
            for board in sorted(plan.boards.all(), key=lambda b: b.code)
        ],
        "municipal_goals": [
            {
                "key": goal_keys[goal.pk],
                "perspective": goal.perspective.name,
                "title": goal.title,
                "order": goal.order,
            }
            for goal in goals
        ],
        "board_goals": [
            {
                "key": board_goal_keys[goal.pk],
                "municipal_goal": goal_keys.get(goal.municipal_goal_id),
                "title": goal.title,
                "description": goal.description,
                "order": goal.order,
            }
            for goal in board_goals
        ],
        "assignments": [
            {
                "key": assignment_keys[assignment.pk],
                "number": assignment.number,
                "text": assignment.text,
                "scope": assignment.scope,
                "boards": _board_codes(assignment.boards.all()),
                "is_struck": assignment.is_struck,
                "order": assignment.order,
            }
            for assignment in assignments
        ],
        "activities": [
            {
                "id": uids[activity.pk],
                "text": activity.text,
                "boards": _board_codes(activity.boards.all()),
                "responsible_people": sorted(
                    {person.get_username() for person in activity.responsible_people.all()}
                    | set(activity.responsible_as_recorded or [])
                ),
                "decided_end": _text(activity.decided_end),
                "current_end": _text(activity.current_end),
                "postponed_from_unknown_date": activity.postponed_from_unknown_date,
                "carried_over_from": str(activity.carried_over_from.uid)
                if activity.carried_over_from
                else None,
                "carried_over_from_year": activity.carried_over_year,
                "parent": str(activity.parent.uid) if activity.parent else None,
                "represents_assignment": activity.represents_assignment,
                "order": activity.order,
                "deleted_at": _iso(activity.deleted_at),
                "placements": [
                    {
                        "perspective": placement.perspective.name,
                        "municipal_goal": goal_keys.get(placement.municipal_goal_id),
                        "board_goal": board_goal_keys.get(placement.board_goal_id),
                        "assignment": assignment_keys.get(placement.assignment_id),
                        "order": placement.order,
                    }
                    for placement in activity.placements.all()
                ],
            }
            for activity in activities
        ],
        "rounds": [
            {
                "label": round.label,
                "as_of": _iso(round.as_of),
                "reporting_deadline": _iso(round.reporting_deadline),
                "state": round.state,
                "introduction": round.introduction,
                "reports": [
                    {
                        "activity": str(report.activity.uid),
                        "version": report.version,
                        "status": report.status.name if report.status else None,
                        "status_text": report.status_text,
                        "comment": report.comment,
                        "author": report.author.get_username()
                        if report.author
                        else report.author_name,
                        "created_at": report.created_at.isoformat(),
                        "late_correction_reason": report.late_correction_reason,
                    }
                    for report in _reports_in_order(round.reports.all(), position)
                ],
            }
            for round in plan.rounds.all()
        ],
    }


def export_plans(plan_ids: list[int] | None = None) -> dict:
    plans = [export_plan(plan) for plan in plans_for_export(plan_ids)]
    statuses = sorted(
        {
            report["status"]
            for plan in plans
            for round in plan["rounds"]
            for report in round["reports"]
            if report["status"]
        }
    )
    from vplan.followups.models import Status

    vocabulary = {
        status.name: status.category for status in Status.objects.filter(name__in=statuses)
    }
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "statuses": [{"name": name, "category": vocabulary[name]} for name in statuses],
        "plans": plans,
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
