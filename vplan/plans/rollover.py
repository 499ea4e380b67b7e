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
"""

import difflib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import FollowUpRound, StatusCategory, StatusReport
from vplan.plans.end_dates import EndDate, Kind
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Placement,
    Plan,
)

COPY = "copy"
SKIP = "skip"
MAP = "map"
KINDS = ("municipal_goal", "board_goal", "assignment")
SAME_WORDING = 0.85  # difflib ratio above which an item of next year's plan counts as the same


def latest_round_categories(*, plans: Iterable[Plan]) -> dict[int, str | None]:
    """Each activity's status category in its plan's latest round (None: no status there).

    Activities without a report in that round are absent. Two queries whatever the number of plans.
    """
    plan_ids = [plan.pk for plan in plans]
    latest: dict[int, int] = {}
    rounds = FollowUpRound.objects.filter(plan_id__in=plan_ids).order_by("plan_id", "as_of", "pk")
    for plan_id, round_id in rounds.values_list("plan_id", "pk"):
        latest[plan_id] = round_id
    if not latest:
        return {}
    reports = StatusReport.objects.filter(round_id__in=latest.values()).current()
    return dict(reports.values_list("activity_id", "status__category"))


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


def _usage(carried: list[Activity]) -> Counter:
    used: Counter = Counter()
    ids = [activity.pk for activity in carried]
    for placement in Placement.objects.filter(activity_id__in=ids):
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
) -> RolloverProposal:
    """What a rollover of `plan` into `to_year` would do. Reads only; raises ValidationError."""
    target_plan = Plan.objects.filter(administration=plan.administration, year=to_year).first()
    _check_years(plan, to_year, target_plan)
    leave_out = {int(pk) for pk in leave_out}
    activities = list(
        Activity.objects.in_plan(plan).select_related("parent").order_by("order", "pk")
    )
    categories = latest_round_categories(plans=[plan])
    carried, left_behind, left_out = [], [], []
    for activity in activities:
        category = categories.get(activity.pk)
        if is_done(category):
            left_behind.append((activity, category))
        elif activity.pk in leave_out:
            left_out.append(activity)
        else:
            carried.append(activity)

    used = _usage(carried)
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
    )


def carried_end(end: EndDate | None, to_year: int) -> EndDate | None:
    """The end date an activity keeps in the new year: 'Förskjuts till 2025' becomes 'December'."""
    if not end:
        return None
    if end.kind == Kind.LATER_YEAR and end.sort_key()[0] <= to_year:
        return EndDate.month(12)
    return end


def _created(obj: models.Model, by, **changes) -> None:
    record_change(
        obj=obj,
        by=by,
        action=ChangeRecord.Action.CREATED,
        changes={name: (None, value) for name, value in changes.items()},
    )


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
            if kind == "municipal_goal":
                new = MunicipalGoal(
                    plan=new_plan, perspective=old.perspective, title=old.title, order=old.order
                )
            elif kind == "board_goal":
                new = BoardGoal(
                    plan=new_plan,
                    municipal_goal=resolved.get(("municipal_goal", old.municipal_goal_id)),
                    title=old.title,
                    description=old.description,
                    order=old.order,
                )
            else:
                new = Assignment(
                    plan=new_plan,
                    number=old.number,
                    text=old.text,
                    scope=old.scope,
                    is_struck=old.is_struck,
                    order=old.order,
                )
            new.full_clean()
            new.save()
            if kind == "assignment":
                new.boards.set(old.boards.all())
            _created(new, by, copied_from=old.pk)
            resolved[(kind, old.pk)] = new
    return resolved


def _place_copy(activity: Activity, new: Activity, resolved: dict) -> None:
    seen = set()
    for placement in activity.placements.all():
        municipal_goal = resolved.get(("municipal_goal", placement.municipal_goal_id))
        board_goal = resolved.get(("board_goal", placement.board_goal_id))
        assignment = resolved.get(("assignment", placement.assignment_id))
        if municipal_goal is None and board_goal is None and assignment is None:
            if placement.municipal_goal_id or placement.board_goal_id or placement.assignment_id:
                continue
        key = (
            getattr(municipal_goal, "pk", None),
            getattr(board_goal, "pk", None),
            getattr(assignment, "pk", None),
        )
        if key in seen:
            continue
        seen.add(key)
        perspective = municipal_goal.perspective if municipal_goal else placement.perspective
        Placement.objects.create(
            activity=new,
            perspective=perspective,
            municipal_goal=municipal_goal,
            board_goal=board_goal,
            assignment=assignment,
            order=placement.order,
        )


def carry_over(
    *,
    plan: Plan,
    to_year: int,
    by,
    choices: dict[str, str] | None = None,
    leave_out: Iterable[int] = (),
    progress: Callable[[int], object] | None = None,
) -> Plan:
    """Create (or complete) the plan for `to_year` from `plan`. All or nothing.

    Returns next year's plan. `progress(n)` is called as activities are carried over.
    """
    with transaction.atomic():
        proposal = propose_rollover(
            plan=plan, to_year=to_year, choices=choices, leave_out=leave_out
        )
        new_plan = proposal.target_plan
        if new_plan is None:
            new_plan = Plan(administration=plan.administration, year=to_year)
            new_plan.full_clean()
            new_plan.save()
            new_plan.boards.set(plan.boards.all())
            _created(new_plan, by, year=to_year, rolled_over_from=plan.pk)
        resolved = _copy_items(proposal, new_plan, by)
        copies: dict[int, Activity] = {}
        carried = Activity.objects.filter(pk__in=[a.pk for a in proposal.carried]).prefetch_related(
            "boards", "placements__perspective"
        )
        parents_first = sorted(carried, key=lambda a: (a.parent_id is not None, a.order, a.pk))
        for activity in parents_first:
            end = carried_end(activity.current_end or activity.decided_end, to_year)
            new = Activity(
                plan=new_plan,
                text=activity.text,
                decided_end=end,
                current_end=end,
                carried_over_from=activity,
                parent=copies.get(activity.parent_id),
                represents_assignment=activity.represents_assignment,
                order=activity.order,
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
            new.full_clean()
            new.save()
            new.boards.set(activity.boards.all())
            _place_copy(activity, new, resolved)
            _created(new, by, carried_over_from=activity.pk)
            copies[activity.pk] = new
            if progress:
                progress(1)
        return new_plan
