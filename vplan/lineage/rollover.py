"""Rollover: start next year's plan from this one.

The activities that were not done at the plan's latest follow-up round are carried over (each new
activity links back through `carried_over_from`, which is what 'Kvarstår från <year>' is derived
from). Municipal goals, board goals and assignments are mapped onto next year's: each old one is
either copied, mapped onto one that next year's plan already has (new wording, new number), or
skipped when nothing carried over stands under it.

Two steps, so that a person reviews before anything is saved:
    proposal = propose_rollover(plan=plan, to_year=2025, choices={...})   # reads only
    new_plan = carry_over(plan=plan, to_year=2025, by=user, choices={...}) # all or nothing

`choices` maps "<kind>:<old id>" to "copy", "skip" or the id of an item of next year's plan, for
kind in municipal_goal, board_goal, assignment. `leave_out` names activities not to carry.

Parts travel with their activity: an unfinished part of a carried activity is carried as a part of
its copy, and an unfinished part of an activity that is not carried (done, or left out) stays
behind with it (`RolloverProposal.stays_with_activity`), unless it is promoted explicitly:
`promote` names parts to carry as activities of their own, standing where their activity stood
(`RolloverProposal.promoted`, so the review says so).

Everything is written through the plan-editing operations (vplan/plans/editing.py), so a carried
plan obeys the same rules as one typed in, and every new row leaves a change record.
"""

import difflib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from vplan.followups.models import StatusCategory, StatusReport
from vplan.plans.editing import (
    Place,
    create_activity,
    create_assignment,
    create_board_goal,
    create_municipal_goal,
    create_plan,
)
from vplan.plans.end_dates import EndDate, Kind
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Placement,
    Plan,
)
from vplan.plans.responsible_people import responsible_candidates

COPY = "copy"
SKIP = "skip"
MAP = "map"
KINDS = ("municipal_goal", "board_goal", "assignment")
SAME_WORDING = 0.85  # difflib ratio above which an item of next year's plan counts as the same


def is_done(category: str | None) -> bool:
    return category == StatusCategory.DONE


def _normalised(text: str) -> str:
    return " ".join((text or "").lower().replace("&", " och ").split())


def _wording_of(kind: str, item) -> str:
    return item.text if kind == "assignment" else item.title


def _same_item(kind: str, old, new) -> bool:
    if kind == "assignment" and old.number is not None and old.scope == new.scope:
        if old.number == new.number:
            return True
    ratio = difflib.SequenceMatcher(
        None, _normalised(_wording_of(kind, old)), _normalised(_wording_of(kind, new))
    ).ratio()
    return ratio >= SAME_WORDING


@dataclass
class ItemMapping:
    """What happens to one goal or assignment of this year's plan."""

    kind: str
    source: models.Model
    action: str
    target: models.Model | None = None
    used_by: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.source.pk}"

    @property
    def choice(self) -> str:
        return str(self.target.pk) if self.action == MAP else self.action


@dataclass
class RolloverProposal:
    """Everything a rollover would do, for a person to review before it is saved."""

    plan: Plan
    to_year: int
    target_plan: Plan | None
    carried: list[Activity]
    left_behind: list[tuple[Activity, str | None]]
    left_out: list[Activity]
    mappings: list[ItemMapping]
    targets: dict[str, list[models.Model]] = field(default_factory=dict)
    # (part, its activity): unfinished parts of done activities, carried as activities of their
    # own in their activity's places. They are in `carried` too.
    promoted: list[tuple[Activity, Activity]] = field(default_factory=list)
    # (part, its activity): unfinished parts that stay behind with their activity, which is not
    # carried over; `promote` would carry them as activities of their own.
    stays_with_activity: list[tuple[Activity, Activity]] = field(default_factory=list)

    def promoted_from(self, part: Activity) -> Activity | None:
        return next((parent for p, parent in self.promoted if p.pk == part.pk), None)

    def mappings_of(self, kind: str) -> list[ItemMapping]:
        return [m for m in self.mappings if m.kind == kind]

    def counts(self) -> Counter:
        return Counter(m.action for m in self.mappings)


def _source_items(plan: Plan) -> dict[str, list[models.Model]]:
    return {
        "municipal_goal": list(
            MunicipalGoal.objects.filter(plan=plan).select_related("perspective")
        ),
        "board_goal": list(BoardGoal.objects.filter(plan=plan).select_related("municipal_goal")),
        "assignment": list(Assignment.objects.filter(plan=plan).prefetch_related("boards")),
    }


def _source_placements(
    carried: list[Activity], promoted: list[tuple[Activity, Activity]]
) -> dict[int, list[Placement]]:
    """Where each carried activity stands now: its own placements, and for a promoted part also
    its activity's (it stood where its activity stood). One query."""
    parent_of = {part.pk: parent.pk for part, parent in promoted}
    ids = {activity.pk for activity in carried} | set(parent_of.values())
    own: dict[int, list[Placement]] = {}
    for placement in (
        Placement.objects.filter(activity_id__in=ids)
        .select_related("perspective")
        .order_by("order", "pk")
    ):
        own.setdefault(placement.activity_id, []).append(placement)
    places = {}
    for activity in carried:
        places[activity.pk] = own.get(activity.pk, []) + own.get(parent_of.get(activity.pk), [])
    return places


def _usage(places: dict[int, list[Placement]]) -> Counter:
    used: Counter = Counter()
    for placements in places.values():
        for placement in placements:
            for kind in KINDS:
                item_id = getattr(placement, f"{kind}_id")
                if item_id is not None:
                    used[(kind, item_id)] += 1
    return used


def _check_years(plan: Plan, to_year: int, target_plan: Plan | None) -> None:
    if to_year <= plan.year:
        raise ValidationError(
            {"to_year": _("Carry over to a later year than %(year)s.") % {"year": plan.year}}
        )
    if (
        target_plan
        and Activity.objects.filter(plan=target_plan, carried_over_from__plan=plan).exists()
    ):
        raise ValidationError(
            {
                "to_year": _(
                    "The plan for %(year)s already has activities carried over from this plan."
                )
                % {"year": to_year}
            }
        )


def _apply_choice(mapping: ItemMapping, choice: str, targets: list[models.Model]) -> None:
    choice = str(choice).strip().lower()
    if choice in (COPY, SKIP):
        mapping.action, mapping.target = choice, None
        return
    by_id = {str(item.pk): item for item in targets}
    if choice not in by_id:
        raise ValidationError(
            {
                mapping.key: _(
                    "%(choice)r is neither 'copy', 'skip' nor an item of next year's plan."
                )
                % {"choice": choice}
            }
        )
    mapping.action, mapping.target = MAP, by_id[choice]


def propose_rollover(
    *,
    plan: Plan,
    to_year: int,
    choices: dict[str, str] | None = None,
    leave_out: Iterable[int] = (),
    promote: Iterable[int] = (),
) -> RolloverProposal:
    """What a rollover of `plan` into `to_year` would do. Reads only; raises ValidationError.

    `promote` names parts to carry as activities of their own when their activity is not
    carried; a part whose activity is carried goes with it whatever `promote` says."""
    target_plan = Plan.objects.filter(administration=plan.administration, year=to_year).first()
    _check_years(plan, to_year, target_plan)
    leave_out = {int(pk) for pk in leave_out}
    promote = {int(pk) for pk in promote}
    activities = list(
        Activity.objects.in_plan(plan).select_related("parent").order_by("order", "pk")
    )
    categories = StatusReport.objects.at_latest_round_of([plan]).category_of_each_activity()
    carried, left_behind, left_out, promoted, stays = [], [], [], [], []
    fate: dict[int, str] = {}  # each activity's: "carried", "done", "left_out" or "stays"
    by_pk = {activity.pk: activity for activity in activities}
    # Activities before their parts, so that a part knows what became of its activity.
    for activity in sorted(activities, key=lambda a: a.parent_id is not None):
        category = categories.get(activity.pk)
        if is_done(category):
            left_behind.append((activity, category))
            fate[activity.pk] = "done"
        elif activity.pk in leave_out:
            left_out.append(activity)
            fate[activity.pk] = "left_out"
        elif activity.parent_id is None or fate.get(activity.parent_id) == "carried":
            carried.append(activity)
            fate[activity.pk] = "carried"
        elif activity.pk in promote:
            carried.append(activity)
            fate[activity.pk] = "carried"
            promoted.append((activity, by_pk.get(activity.parent_id) or activity.parent))
        else:
            stays.append((activity, by_pk.get(activity.parent_id) or activity.parent))
            fate[activity.pk] = "stays"
    order = {activity.pk: index for index, activity in enumerate(activities)}
    for listed in (carried, left_out):
        listed.sort(key=lambda a: order[a.pk])
    left_behind.sort(key=lambda pair: order[pair[0].pk])

    used = _usage(_source_placements(carried, promoted))
    targets = _source_items(target_plan) if target_plan else {kind: [] for kind in KINDS}
    mappings = []
    for kind, items in _source_items(plan).items():
        for item in items:
            match = next((t for t in targets[kind] if _same_item(kind, item, t)), None)
            if match is not None:
                mapping = ItemMapping(kind, item, MAP, match)
            elif target_plan is None or used[(kind, item.pk)]:
                mapping = ItemMapping(kind, item, COPY)
            else:
                mapping = ItemMapping(kind, item, SKIP)
            mapping.used_by = used[(kind, item.pk)]
            mappings.append(mapping)

    errors: dict[str, list[str]] = {}
    by_key = {mapping.key: mapping for mapping in mappings}
    for key, choice in (choices or {}).items():
        if key not in by_key:
            errors.setdefault(key, []).append(
                _("There is no goal or assignment %(key)s in this plan.") % {"key": key}
            )
            continue
        try:
            _apply_choice(by_key[key], choice, targets[by_key[key].kind])
        except ValidationError as error:
            errors.setdefault(key, []).extend(error.message_dict[key])
    for mapping in mappings:
        if mapping.action == SKIP and mapping.used_by:
            errors.setdefault(mapping.key, []).append(
                _(
                    "%(item)s cannot be skipped: %(count)s carried activities stand under it. "
                    "Copy it or map it onto one of next year's."
                )
                % {"item": mapping.source, "count": mapping.used_by}
            )
    if errors:
        raise ValidationError(errors)
    return RolloverProposal(
        plan=plan,
        to_year=to_year,
        target_plan=target_plan,
        carried=carried,
        left_behind=left_behind,
        left_out=left_out,
        mappings=mappings,
        targets=targets,
        promoted=promoted,
        stays_with_activity=stays,
    )


def carried_end(end: EndDate | None, to_year: int) -> EndDate | None:
    """The end date an activity keeps in the new year: 'Förskjuts till 2025' becomes 'December'."""
    if not end:
        return None
    if end.kind == Kind.LATER_YEAR and end.sort_key()[0] <= to_year:
        return EndDate.month(12)
    return end


def _copy_items(proposal: RolloverProposal, new_plan: Plan, by) -> dict[tuple[str, int], object]:
    """Create the copies and return (kind, old id) -> the item in the new plan (or None: skipped)."""
    resolved: dict[tuple[str, int], object] = {}
    for kind in KINDS:  # municipal goals first: board goals point at them
        for mapping in proposal.mappings_of(kind):
            old = mapping.source
            if mapping.action == SKIP:
                resolved[(kind, old.pk)] = None
                continue
            if mapping.action == MAP:
                resolved[(kind, old.pk)] = mapping.target
                continue
            trace = {"copied_from": old.pk}
            try:
                if kind == "municipal_goal":
                    new = create_municipal_goal(
                        plan=new_plan,
                        perspective=old.perspective,
                        title=old.title,
                        order=old.order,
                        by=by,
                        trace=trace,
                    )
                elif kind == "board_goal":
                    new = create_board_goal(
                        plan=new_plan,
                        municipal_goal=resolved.get(("municipal_goal", old.municipal_goal_id)),
                        title=old.title,
                        description=old.description,
                        order=old.order,
                        by=by,
                        trace=trace,
                    )
                else:
                    new = create_assignment(
                        plan=new_plan,
                        number=old.number,
                        text=old.text,
                        scope=old.scope,
                        boards=old.boards.all(),
                        is_struck=old.is_struck,
                        order=old.order,
                        as_recorded=True,
                        by=by,
                        trace=trace,
                    )
            except ValidationError as error:
                raise ValidationError({mapping.key: error.messages}) from error
            resolved[(kind, old.pk)] = new
    return resolved


def _new_places(placements: list[Placement], resolved: dict) -> list[Place]:
    """The places of the new plan that the old placements map onto (skipped ones dropped)."""
    places, seen = [], set()
    for placement in placements:
        municipal_goal = resolved.get(("municipal_goal", placement.municipal_goal_id))
        board_goal = resolved.get(("board_goal", placement.board_goal_id))
        assignment = resolved.get(("assignment", placement.assignment_id))
        if municipal_goal is None and board_goal is None and assignment is None:
            if placement.municipal_goal_id or placement.board_goal_id or placement.assignment_id:
                continue  # what it stood under is skipped
            # else: directly under the perspective, as recorded (an import); it stays there
        if board_goal is not None and board_goal.municipal_goal_id is not None:
            municipal_goal = None  # the board goal stands where it stands in the new plan
        key = (
            getattr(municipal_goal, "pk", None) or getattr(board_goal, "municipal_goal_id", None),
            getattr(board_goal, "pk", None),
            getattr(assignment, "pk", None),
        )
        if key in seen:
            continue
        seen.add(key)
        places.append(
            Place(
                municipal_goal=municipal_goal,
                board_goal=board_goal,
                assignment=assignment,
                perspective=placement.perspective,
                order=placement.order,
            )
        )
    return places


def _describe(activity: Activity) -> str:
    return f"“{activity.text[:80]}”"


def carry_over(
    *,
    plan: Plan,
    to_year: int,
    by,
    choices: dict[str, str] | None = None,
    leave_out: Iterable[int] = (),
    promote: Iterable[int] = (),
    progress: Callable[[int], object] | None = None,
) -> Plan:
    """Create (or complete) the plan for `to_year` from `plan`. All or nothing.

    Returns next year's plan. `progress(n)` is called as activities are carried over.
    """
    with transaction.atomic():
        proposal = propose_rollover(
            plan=plan, to_year=to_year, choices=choices, leave_out=leave_out, promote=promote
        )
        new_plan = proposal.target_plan
        if new_plan is None:
            new_plan = create_plan(
                administration=plan.administration,
                year=to_year,
                boards=plan.boards.all(),
                by=by,
                trace={"rolled_over_from": plan.pk},
            )
        resolved = _copy_items(proposal, new_plan, by)
        promoted = {part.pk: parent for part, parent in proposal.promoted}
        places = _source_placements(proposal.carried, proposal.promoted)
        copies: dict[int, Activity] = {}
        carried = Activity.objects.filter(pk__in=[a.pk for a in proposal.carried]).prefetch_related(
            "boards", "responsible_people"
        )
        # Responsible people stay responsible while they are still members of the administration.
        still_members = set(responsible_candidates(new_plan).values_list("pk", flat=True))
        parents_first = sorted(
            carried,
            key=lambda a: (a.parent_id is not None and a.pk not in promoted, a.order, a.pk),
        )
        for activity in parents_first:
            parent = promoted.get(activity.pk)
            end = carried_end(activity.current_end or activity.decided_end, to_year)
            try:
                new = create_activity(
                    plan=new_plan,
                    text=activity.text,
                    boards=activity.boards.all(),
                    responsible_people=[
                        person
                        for person in activity.responsible_people.all()
                        if person.pk in still_members
                    ],
                    decided_end=end,
                    placements=_new_places(places[activity.pk], resolved),
                    parent=None if parent is not None else copies.get(activity.parent_id),
                    carried_over_from=activity,
                    represents_assignment=activity.represents_assignment,
                    order=parent.order if parent is not None else activity.order,
                    as_recorded=True,
                    by=by,
                    trace={"promoted_from_part_of": parent.pk} if parent is not None else None,
                )
            except ValidationError as error:
                raise ValidationError(
                    [f"{_describe(activity)}: {message}" for message in error.messages]
                ) from error
            copies[activity.pk] = new
            if progress:
                progress(1)
        return new_plan
