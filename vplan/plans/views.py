"""The plan page and the activity page; plan editing for controllers."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from vplan.followups.access import access_plan_for_view, readable_rounds
from vplan.followups.activity_page import read_activity_page
from vplan.followups.models import StatusCategory, StatusReport
from vplan.organisation import permissions
from vplan.paging import MAX_PAGE_SIZE, PAGE_PARAMETER, PAGE_SIZE, page_of
from vplan.plans.forms import PlanFilterForm
from vplan.plans.models import Activity
from vplan.plans.outline import PlaceRow, PlanParts, build_contents, build_outline

# A plan of at most this many (filtered) activities is shown whole, as printed; a larger one
# shows its contents with counts and its activities a page at a time.
SHOWN_WHOLE_UP_TO = PAGE_SIZE
PLACE_PARAMETERS = ("perspective", "goal", "board_goal")
CARRIED_OVER = models.Q(carried_over_from__isnull=False) | models.Q(
    carried_over_from_year__isnull=False
)


@require_GET
def plan_detail(request, plan_id):
    """The plan as it reads: counts, contents and one page of its places in reading order.

    One query reads what the counts, the contents and the order need of every activity and
    place (values, not objects); only the activities on the page are read whole. The page costs
    the same number of queries for 10 activities or 3,000."""
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
    facts = _read_plan(everywhere, round, is_member=is_member)
    parts = PlanParts.of(plan)
    chosen = _in_chosen_place(facts.places, filters.place_filters)
    counts = facts.counts(only={p.activity_id for p in chosen} if filters.place_filters else None)
    contents = build_contents(
        facts.places,
        parts=parts,
        categories=facts.categories if round else None,
        category_labels=StatusCategory.choices,
    )
    _link_contents(request, contents, filters, counts_statuses=round is not None)
    page_size = PAGE_SIZE if counts["total"] > SHOWN_WHOLE_UP_TO else MAX_PAGE_SIZE
    chosen.sort(key=parts.reading_key())
    page = page_of(request, [(p.pk, p.activity_id) for p in chosen], page_size=page_size)
    activities = _page_activities({a for _p, a in page.items}, parts)
    _add_statuses_and_links(activities, _current_reports(round, activities, is_member=is_member))
    outline = build_outline(activities, placement_ids={p for p, _a in page.items})
    _word_footnotes(outline.footnotes)
    context = {
        "plan": plan,
        "rounds": rounds,
        "round": round,
        "filters": filters,
        "outline": outline,
        "page": page,
        "contents": contents,
        "whole_plan_url": "?" + _query_without_place(request).urlencode(),
        "shows_contents": len({p.activity_id for p in facts.places}) > SHOWN_WHOLE_UP_TO,
        "counts": counts,
        "can_manage": permissions.can_manage_administration(request.user, plan.administration),
    }
    return render(request, "plans/plan.html", context)


@require_GET
def activity_detail(request, activity_id):
    page = read_activity_page(user=request.user, activity_id=activity_id)
    return render(request, "plans/activity.html", vars(page))


@dataclass
class PlanFacts:
    """What the plan page counts and orders, of every activity the filters leave."""

    categories: dict[int, str | None] = field(default_factory=dict)  # None: no status
    postponed: set[int] = field(default_factory=set)
    carried_over: set[int] = field(default_factory=set)
    places: list[PlaceRow] = field(default_factory=list)

    def counts(self, *, only: set[int] | None) -> dict:
        """How many activities are shown (`only` these, if given), per status category, without
        status, postponed, carried over."""
        shown = self.categories.keys() if only is None else only & self.categories.keys()
        found = Counter(self.categories[pk] for pk in shown)
        return {
            "total": len(shown),
            "categories": [(value, label, found[value]) for value, label in StatusCategory.choices],
            "missing": found[None],
            "postponed": len(self.postponed & shown),
            "carried_over": len(self.carried_over & shown),
        }


def _read_plan(activities, round, *, is_member: bool) -> PlanFacts:
    """The activities' facts and places: one query, a row per place (and one for an activity
    that stands nowhere), and one for the statuses."""
    rows = (
        activities.with_postponement()
        .annotate(carried=models.ExpressionWrapper(CARRIED_OVER, models.BooleanField()))
        .values_list(
            "pk",
            "end_postponed",
            "carried",
            "order",
            "placements__pk",
            "placements__perspective_id",
            "placements__municipal_goal_id",
            "placements__board_goal_id",
            "placements__assignment_id",
            "placements__order",
        )
        .order_by()
    )
    facts = PlanFacts()
    for pk, postponed, carried, order, place, *where, place_order in rows:
        facts.categories[pk] = None
        if postponed:
            facts.postponed.add(pk)
        if carried:
            facts.carried_over.add(pk)
        if place is not None:
            facts.places.append(PlaceRow(place, pk, *where, place_order, order))
    if round is not None:
        # A query of its own rather than a join in the one above: without the database's
        # statistics (a fresh database) PostgreSQL may nest that join's loops over every report.
        seen = StatusReport.objects.current_seen_by(round, is_member=is_member)
        seen = seen.filter(activity__in=activities).values_list("activity_id", "status__category")
        facts.categories.update(seen.order_by())
    return facts


def _in_chosen_place(places: list[PlaceRow], chosen: dict) -> list[PlaceRow]:
    """The places in the chosen perspective, municipal goal and board goal."""
    if "perspective" in chosen:
        perspective_id = chosen["perspective"].pk
        places = [p for p in places if p.perspective_id == perspective_id]
    if "goal" in chosen:
        places = [p for p in places if p.municipal_goal_id == chosen["goal"]]
    if "board_goal" in chosen:
        places = [p for p in places if p.board_goal_id == chosen["board_goal"]]
    return list(places)


def _page_activities(ids: set[int], parts: PlanParts) -> list[Activity]:
    """The page's activities with what their rows show: boards, parts and every place (for the
    footnotes), the places' goals and assignments taken from the plan's parts already read."""
    activities = list(
        Activity.objects.filter(pk__in=ids)
        .annotate(carried_over_from_plan_year=models.F("carried_over_from__plan__year"))
        .prefetch_related(
            "boards",
            "placements",
            models.Prefetch("parts", queryset=Activity.objects.order_by("order", "id")),
        )
    )
    for activity in activities:
        for placement in activity.placements.all():
            parts.fill_in(placement)
    return activities


def _current_reports(round, activities, *, is_member: bool) -> dict:
    """The current reports of the shown activities and their parts."""
    if round is None:
        return {}
    ids = [a.pk for a in activities] + [p.pk for a in activities for p in a.parts.all()]
    reports = StatusReport.objects.current_seen_by(round, is_member=is_member)
    reports = reports.filter(activity_id__in=ids).select_related("status").order_by()
    return {report.activity_id: report for report in reports}  # the page names nobody


def _add_statuses_and_links(activities, reports: dict) -> None:
    """What the rows show beside the activity itself, worked out once here rather than by a tag
    per row: its address, its note 'Remains from <year>', and its and its parts' current
    reports."""
    for activity in activities:
        activity.url = reverse("plans:activity", args=[activity.pk])
        # Activity.carried_over_year, from the year read with the activity
        year = activity.carried_over_from_plan_year or activity.carried_over_from_year
        activity.remains_note = _("Remains from %(year)s") % {"year": year} if year else ""
        for shown in (activity, *activity.parts.all()):
            shown.current_report = reports.get(shown.pk)


def _word_footnotes(footnotes) -> None:
    """Each footnote's sentence and the label of its references, translated once each."""
    for note in footnotes:
        note.reference_label = _("Footnote %(number)s: the activity stands in several places") % {
            "number": note.number
        }
        note.sentence = ngettext(
            "“%(text)s” stands in %(counter)s place and is reported once:",
            "“%(text)s” stands in %(counter)s places and is reported once:",
            len(note.places),
        ) % {"text": Truncator(note.activity.text).chars(80), "counter": len(note.places)}


def _link_contents(request, contents, filters, *, counts_statuses: bool) -> None:
    """Give each entry of the contents its link (that shows its activities and keeps the other
    filters) and its summary ('12 activities, ongoing 4, no status 2'), and mark the one
    shown."""
    query = _query_without_place(request)
    chosen = {name: getattr(value, "pk", value) for name, value in filters.place_filters.items()}
    stack = list(contents)
    while stack:
        entry = stack.pop()
        query[entry.parameter] = str(entry.pk)
        entry.url = "?" + query.urlencode()
        query.pop(entry.parameter)
        entry.is_current = chosen == {entry.parameter: entry.pk}
        entry.summary = _summary(entry.tally, counts_statuses=counts_statuses)
        stack.extend(entry.children)


def _summary(tally, *, counts_statuses: bool) -> str:
    total = tally.total
    words = [ngettext("%(counter)s activity", "%(counter)s activities", total) % {"counter": total}]
    words += [f"{label} {number}" for label, number in tally.categories]
    if counts_statuses and tally.missing:
        words.append(f"{_('no status')} {tally.missing}")
    return ", ".join(words)


def _query_without_place(request):
    """The URL's parameters without the page and the chosen place: the filters to keep."""
    query = request.GET.copy()
    for name in (PAGE_PARAMETER, *PLACE_PARAMETERS):
        query.pop(name, None)
    return query
