"""The plan page and the activity page; plan editing for controllers."""

from django.db import models
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vplan.followups.access import access_plan_for_view, readable_rounds
from vplan.followups.activity_page import read_activity_page
from vplan.followups.models import StatusCategory, StatusReport
from vplan.organisation import permissions
from vplan.paging import MAX_PAGE_SIZE, PAGE_PARAMETER, PAGE_SIZE, page_of
from vplan.plans.forms import PlanFilterForm
from vplan.plans.models import Activity, Perspective, Placement
from vplan.plans.outline import PlaceRow, build_contents, build_outline, reading_key

# A plan of at most this many (filtered) activities is shown whole, as printed; a larger one
# shows its contents with counts and its activities a page at a time.
SHOWN_WHOLE_UP_TO = PAGE_SIZE
PLACE_PARAMETERS = ("perspective", "goal", "board_goal")


@require_GET
def plan_detail(request, plan_id):
    plan = access_plan_for_view(request.user, plan_id)
    rounds = list(readable_rounds(request.user).filter(plan=plan).order_by("as_of"))
    is_member = permissions.is_member(request.user, plan.administration)
    filters = PlanFilterForm(
        request.GET, boards=list(plan.boards.all()), rounds=rounds, is_member=is_member
    )
    round = filters.chosen_round
    everywhere = filters.filter_activities(
        Activity.objects.in_plan(plan).top_level(), by_place=False
    )
    categories = _current_categories(round, everywhere, is_member=is_member)
    parts = _parts_of(plan)
    places = _places_in_reading_order(everywhere, parts)
    chosen = [place for place in places if _in_chosen_place(place, filters.place_filters)]
    shown_ids = {place.activity_id for place in chosen} if filters.place_filters else None
    counts = _counts(everywhere, categories, only=shown_ids)
    contents = _contents(request, places, filters, categories, parts)
    page_size = PAGE_SIZE if counts["total"] > SHOWN_WHOLE_UP_TO else MAX_PAGE_SIZE
    page = page_of(request, [(p.pk, p.activity_id) for p in chosen], page_size=page_size)
    activities = list(
        Activity.objects.filter(pk__in={a for _p, a in page.items}).with_plan_details().with_parts()
    )
    reports = _current_reports(round, activities, is_member=is_member)
    for activity in activities:
        activity.current_report = reports.get(activity.pk)
        for part in activity.parts.all():
            part.current_report = reports.get(part.pk)
    context = {
        "plan": plan,
        "rounds": rounds,
        "round": round,
        "filters": filters,
        "outline": build_outline(activities, placement_ids={p for p, _a in page.items}),
        "page": page,
        "contents": contents,
        "whole_plan_url": "?" + _query_without_place(request).urlencode(),
        "shows_contents": _plan_size(contents) > SHOWN_WHOLE_UP_TO,
        "counts": counts,
        "can_manage": permissions.can_manage_administration(request.user, plan.administration),
    }
    return render(request, "plans/plan.html", context)


@require_GET
def activity_detail(request, activity_id):
    page = read_activity_page(user=request.user, activity_id=activity_id)
    return render(request, "plans/activity.html", vars(page))


def _current_categories(round, activities, *, is_member: bool) -> dict[int, str] | None:
    """{activity id: status category} of the activities' current reports that this reader
    sees (None without a round)."""
    if round is None:
        return None
    reports = StatusReport.objects.current_seen_by(round, is_member=is_member)
    return dict(
        reports.filter(activity__in=activities).values_list("activity_id", "status__category")
    )


def _current_reports(round, activities, *, is_member: bool) -> dict:
    """The current reports of the shown activities and their parts."""
    if round is None:
        return {}
    ids = [a.pk for a in activities] + [p.pk for a in activities for p in a.parts.all()]
    reports = StatusReport.objects.current_seen_by(round, is_member=is_member).with_details()
    return {report.activity_id: report for report in reports.filter(activity_id__in=ids)}


def _counts(activities, categories, *, only: set[int] | None) -> dict:
    """How many activities are shown (`only` these, if given), per status category, without
    status, postponed, carried over."""
    carried = models.Q(carried_over_from__isnull=False) | models.Q(
        carried_over_from_year__isnull=False
    )
    flags = [
        row
        for row in activities.with_postponement()
        .annotate(carried=models.ExpressionWrapper(carried, output_field=models.BooleanField()))
        .values_list("pk", "end_postponed", "carried")
        if only is None or row[0] in only
    ]
    found = [(categories or {}).get(pk) for pk, _postponed, _carried in flags]
    return {
        "total": len(flags),
        "categories": [
            (value, label, found.count(value)) for value, label in StatusCategory.choices
        ],
        "missing": found.count(None),
        "postponed": sum(1 for _pk, postponed, _carried in flags if postponed),
        "carried_over": sum(1 for _pk, _postponed, carried in flags if carried),
    }


def _parts_of(plan) -> dict:
    """The plan's perspectives, municipal goals, board goals and assignments by id."""
    return {
        "perspectives": {p.pk: p for p in Perspective.objects.all()},
        "goals": {goal.pk: goal for goal in plan.municipal_goals.all()},
        "board_goals": {goal.pk: goal for goal in plan.board_goals.all()},
        "assignments": {a.pk: a for a in plan.assignments.all()},
    }


def _places_in_reading_order(activities, parts) -> list[PlaceRow]:
    """Every place the activities stand in, in the order the plan reads (one query; sorted
    here rather than by the database, which would join every goal to sort)."""
    rows = Placement.objects.filter(activity__in=activities).values_list(
        "pk",
        "activity_id",
        "perspective_id",
        "municipal_goal_id",
        "board_goal_id",
        "assignment_id",
        "order",
        "activity__order",
    )
    return sorted((PlaceRow(*row) for row in rows), key=lambda row: reading_key(row, **parts))


def _in_chosen_place(place: PlaceRow, chosen: dict) -> bool:
    if "perspective" in chosen and place.perspective_id != chosen["perspective"].pk:
        return False
    if "goal" in chosen and place.municipal_goal_id != chosen["goal"]:
        return False
    return "board_goal" not in chosen or place.board_goal_id == chosen["board_goal"]


def _contents(request, places, filters, categories, parts):
    """The plan's perspectives, municipal goals and board goals with counts, each a link that
    shows its activities and keeps the other filters."""
    contents = build_contents(
        [(p.activity_id, p.perspective_id, p.municipal_goal_id, p.board_goal_id) for p in places],
        perspectives=parts["perspectives"],
        goals=parts["goals"],
        board_goals=parts["board_goals"],
        categories=categories,
        category_labels=[*StatusCategory.choices],
    )
    query = _query_without_place(request)
    chosen = {name: getattr(value, "pk", value) for name, value in filters.place_filters.items()}
    stack = list(contents)
    while stack:
        entry = stack.pop()
        query[entry.parameter] = str(entry.pk)
        entry.url = "?" + query.urlencode()
        query.pop(entry.parameter)
        entry.is_current = chosen == {entry.parameter: entry.pk}
        stack.extend(entry.children)
    return contents


def _plan_size(contents) -> int:
    return len(set().union(*(entry.tally.activity_ids for entry in contents)))


def _query_without_place(request):
    """The URL's parameters without the page and the chosen place: the filters to keep."""
    query = request.GET.copy()
    for name in (PAGE_PARAMETER, *PLACE_PARAMETERS):
        query.pop(name, None)
    return query
