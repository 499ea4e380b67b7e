"""How Vplan's objects look in the API: plain dicts built from already-fetched rows.

Nothing here queries the database on its own; the endpoints fetch with the QuerySet methods
that own their select_related / prefetch_related, so query counts stay flat.
"""

from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.organisation.models import Administration, Board
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement, Plan


def text_or_none(value) -> str | None:
    return str(value) if value else None


def board_codes(boards) -> list[str]:
    return [board.display_code for board in boards]


def board(board: Board) -> dict:
    return {
        "id": board.pk,
        "code": board.code,
        "display_code": board.display_code,
        "name": board.name,
        "administration_id": board.administration_id,
        "order": board.order,
        "is_active": board.is_active,
        "replaced_by_id": board.replaced_by_id,
    }


def administration(administration: Administration) -> dict:
    return {
        "id": administration.pk,
        "name": administration.name,
        "short_code": administration.short_code,
        "municipality": administration.municipality,
        "boards": [board(b) for b in administration.boards.all()],
    }


def status(status: Status | None) -> dict | None:
    if status is None:
        return None
    return {
        "id": status.pk,
        "name": status.name,
        "category": status.category,
        "order": status.order,
        "is_active": status.is_active,
    }


def plan(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "administration": {
            "id": plan.administration.pk,
            "name": plan.administration.name,
            "short_code": plan.administration.short_code,
        },
        "year": plan.year,
        "title": plan.title,
        "state": plan.state,
        "decided_on": plan.decided_on,
        "revised_on": plan.revised_on,
        "boards": board_codes(plan.boards.all()),
    }


def round(round: FollowUpRound) -> dict:
    return {
        "id": round.pk,
        "plan_id": round.plan_id,
        "plan_year": round.plan.year,
        "administration_id": round.plan.administration_id,
        "label": round.label,
        "as_of": round.as_of,
        "reporting_deadline": round.reporting_deadline,
        "state": round.state,
        "accepts_reports": round.accepts_reports,
        "introduction": round.introduction,
        "first_published_at": round.first_published_at,
    }


def report(report: StatusReport | None, *, show_author: bool) -> dict | None:
    """A status report; `show_author` from permissions.sees_personal_names (the one rule)."""
    if report is None:
        return None
    return {
        "round_id": report.round_id,
        "version": report.version,
        "status": status(report.status),
        "status_text": report.status_text,
        "display_status": report.display_status,
        "category": report.category,
        "comment": report.comment,
        "author": report.author_display if show_author else "",
        "created_at": report.created_at,
    }


def assignment(assignment: Assignment) -> dict:
    return {
        "id": assignment.pk,
        "number": assignment.number,
        "label": assignment.label,
        "text": assignment.text,
        "scope": assignment.scope,
        "boards": board_codes(assignment.boards.all()),
        "is_struck": assignment.is_struck,
        "order": assignment.order,
    }


def municipal_goal(goal: MunicipalGoal) -> dict:
    return {
        "id": goal.pk,
        "perspective_id": goal.perspective_id,
        "perspective": goal.perspective.name,
        "title": goal.title,
        "order": goal.order,
    }


def board_goal(goal: BoardGoal) -> dict:
    return {
        "id": goal.pk,
        "municipal_goal_id": goal.municipal_goal_id,
        "title": goal.title,
        "description": goal.description,
        "order": goal.order,
    }


def placement(placement: Placement) -> dict:
    return {
        "id": placement.pk,
        "perspective_id": placement.perspective_id,
        "perspective": placement.perspective.name,
        "municipal_goal_id": placement.municipal_goal_id,
        "municipal_goal": text_or_none(placement.municipal_goal),
        "board_goal_id": placement.board_goal_id,
        "board_goal": text_or_none(placement.board_goal),
        "assignment_id": placement.assignment_id,
        "assignment": placement.assignment.label if placement.assignment else None,
        "order": placement.order,
    }


def chain_link(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "plan_id": activity.plan_id,
        "year": activity.plan.year,
        "text": activity.text,
        "current_end": text_or_none(activity.current_end),
    }


def activity_ref(activity: Activity) -> dict:
    return {"id": activity.pk, "text": activity.text}


def activity_node(
    activity: Activity,
    *,
    reports: dict[int, StatusReport],
    parts: dict[int, list[Activity]],
    show_author: bool,
    placement_id: int | None = None,
) -> dict:
    return {
        "id": activity.pk,
        "text": activity.text,
        "boards": board_codes(activity.boards.all()),
        "decided_end": text_or_none(activity.decided_end),
        "current_end": text_or_none(activity.current_end),
        "is_postponed": activity.is_postponed,
        "carried_over_year": activity.carried_over_year,
        "represents_assignment": activity.represents_assignment,
        "parent_id": activity.parent_id,
        "order": activity.order,
        "placement_id": placement_id,
        "status": report(reports.get(activity.pk), show_author=show_author),
        "parts": [
            activity_node(part, reports=reports, parts=parts, show_author=show_author)
            for part in parts.get(activity.pk, [])
        ],
    }


def change(record) -> dict:
    by = record.changed_by
    return {
        "id": record.pk,
        "action": record.action,
        "object": record.object_repr,
        "changes": record.changes,
        "changed_by": (by.get_full_name() or by.get_username()) if by else None,
        "changed_at": record.changed_at,
    }
