"""Propose, for each activity of a plan, the same activity in the previous year's plan."""

from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import StatusReport
from vplan.lineage.matching import THRESHOLD, Candidate, propose_matches
from vplan.lineage.models import LineageLink
from vplan.lineage.rollover import is_done
from vplan.plans.end_dates import Kind
from vplan.plans.models import Activity, Placement, Plan
from vplan.swedish.words import normalised_text


def _postponed_to_year(end, plan_year: int) -> int | None:
    """The later year an end date points into ('Förskjuts till 2023', 'Mars 2023'), if any."""
    if not end or end.kind == Kind.OTHER:
        return None
    year = end.sort_key(plan_year)[0]
    return year if year > plan_year else None


def candidates_of(plan: Plan) -> list[Candidate]:
    """The plan's live activities as the matching sees them, in four queries."""
    boards = defaultdict(set)
    for activity_id, code in Activity.boards.through.objects.filter(
        activity__plan=plan
    ).values_list("activity_id", "board__code"):
        boards[activity_id].add(code)
    goals = defaultdict(set)
    for activity_id, title in Placement.objects.filter(
        activity__plan=plan, board_goal__isnull=False
    ).values_list("activity_id", "board_goal__title"):
        goals[activity_id].add(normalised_text(title))
    categories = StatusReport.objects.at_latest_round_of([plan]).category_of_each_activity()
    rows = Activity.objects.in_plan(plan).order_by("order", "pk")
    return [
        Candidate(
            id=row["id"],
            text=row["text"],
            year=plan.year,
            boards=frozenset(boards[row["id"]]),
            goals=frozenset(goals[row["id"]]),
            finished=is_done(categories.get(row["id"])),
            postponed_to_year=_postponed_to_year(row["current_end"], plan.year),
            marked_from_year=row["carried_over_from_year"],
        )
        for row in rows.values("id", "text", "current_end", "carried_over_from_year")
    ]


def propose_links(
    *,
    plan: Plan,
    by=None,
    threshold: float = THRESHOLD,
    progress: Callable[[int], object] | None = None,
) -> list[LineageLink]:
    """Propose links from `plan`'s activities to the previous year's; returns the new ones.

    Activities that already have a predecessor (carried over, or a pending or confirmed link) are
    left alone, and so are last year's activities that already have a successor here. A rejected
    pair is never proposed again, so running this after rejections offers the next best match.
    """
    previous = Plan.objects.previous_of(plan).first()
    if previous is None:
        return []
    with transaction.atomic():
        links = LineageLink.objects.filter(activity__plan=plan, predecessor__plan=previous)
        open_links = links.exclude(decision=LineageLink.Decision.REJECTED)
        linked_activities = set(open_links.values_list("activity_id", flat=True))
        linked_predecessors = set(open_links.values_list("predecessor_id", flat=True))
        carried = Activity.objects.in_plan(plan).filter(carried_over_from__isnull=False)
        linked_activities.update(carried.values_list("pk", flat=True))
        linked_predecessors.update(carried.values_list("carried_over_from_id", flat=True))
        rejected = set(links.rejected().values_list("predecessor_id", "activity_id"))

        activities = [c for c in candidates_of(plan) if c.id not in linked_activities]
        predecessors = [c for c in candidates_of(previous) if c.id not in linked_predecessors]
        proposals = propose_matches(
            predecessors, activities, threshold=threshold, excluded=rejected, progress=progress
        )
        created = LineageLink.objects.bulk_create(
            [
                LineageLink(
                    activity_id=p.activity_id,
                    predecessor_id=p.predecessor_id,
                    confidence=p.confidence,
                    reasons=p.reasons,
                )
                for p in proposals
            ]
        )
        created = list(
            LineageLink.objects.filter(pk__in=[link.pk for link in created]).with_details()
        )
        for link in created:
            record_change(
                obj=link,
                by=by,
                action=ChangeRecord.Action.CREATED,
                changes={"confidence": (None, link.confidence)},
            )
        return created


def propose_links_for_all(*, by=None, progress=None) -> list[LineageLink]:
    """Propose links for every plan whose previous year's plan is in Vplan."""
    created = []
    for plan in Plan.objects.select_related("administration").order_by("administration", "year"):
        created.extend(propose_links(plan=plan, by=by, progress=progress))
    return created
