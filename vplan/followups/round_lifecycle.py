"""Follow-up rounds: created for a decided plan, then opened, closed and published.

The states and the moves between them:

    open  --close_round-->   closed  --publish_round-->  published
    open  <--open_round---   closed
    open  <--------------reopen_round----------------    published (or closed)

An open round takes status reports; a closed one takes none ("no more edits"); a published one
takes none and is readable without signing in, as public documents are. Every move is recorded
with who made it and when. Who may make it is the caller's business (permissions.py).

The safeguards, the same for the pages, the API and the commands:
- Closing and publishing are confirmed by a person who was told what is still missing
  (`what_is_missing`, then `require_confirmation`): the page's confirmation step, the API's
  `confirm`. Code that moves a round on its own (a test, a load) does not ask.
- A round is not published before its as-of date ("per 31 december" on 2 December) unless the
  controller overrides it with a reason (`publish_round(before_as_of=Override(...))`).
- One round of a plan is open at a time, unless the controller chooses to keep another open
  (`create_round`, `open_round`, `reopen_round` with `keep_other_rounds_open=Override(...)`).
Each override is recorded as a RoundOverride (who, when, why) and in the audit trail.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import UNCHANGED, changed_fields, record_change, update_with_trail
from vplan.followups.models import FollowUpRound, RoundOverride
from vplan.followups.progress import (
    BoardCount,
    activities_missing_report,
    missing_counts_by_board,
)
from vplan.followups.starting_point import keep_finished_statuses
from vplan.plans.editing import check_typed_text
from vplan.plans.models import Plan

State = FollowUpRound.State


class RoundStateError(ValidationError):
    """The round's (or plan's) state does not allow this move (e.g. publishing an open round)."""


class WrongState(RoundStateError):
    """The round is in a state the move does not start from (closing a closed round)."""


@dataclass(frozen=True)
class Override:
    """A controller's explicit choice to pass a safeguard, and why (the reason is recorded)."""

    chosen: bool = False
    reason: str = ""


NO_OVERRIDE = Override()


@dataclass(frozen=True)
class WhatIsMissing:
    """What a controller is told before closing or publishing a round: how many of its
    activities lack a status, and per board (only the boards with something missing)."""

    total: int
    boards: list[BoardCount]


def what_is_missing(*, round: FollowUpRound) -> WhatIsMissing:
    """Three queries, whatever the plan's size. An activity of two boards counts once in the
    total and once under each board."""
    boards = [row for row in missing_counts_by_board(round=round) if row.count]
    return WhatIsMissing(total=activities_missing_report(round=round).count(), boards=boards)


class ConfirmationRequired(ValidationError):
    """Closing or publishing was asked without confirming it; `missing` says what the person is
    to be told first."""

    def __init__(self, *, round: FollowUpRound, missing: WhatIsMissing, action: str):
        if action == "close":
            question = _("Confirm that the round is to be closed.")
        else:
            question = _("Confirm that the round is to be published.")
        summary = ngettext(
            "%(count)s activity lacks a status.",
            "%(count)s activities lack a status.",
            missing.total,
        ) % {"count": missing.total}
        super().__init__({"confirm": [f"{question} {summary}"]})
        self.round = round
        self.missing = missing


# The moves a person confirms, and the states they start from.
CONFIRMED_MOVES = {"close": {State.OPEN}, "publish": {State.CLOSED}}


def require_confirmation(*, round: FollowUpRound, action: str, confirmed: bool) -> None:
    """Refuse (ConfirmationRequired, with what is missing) a close or publish ("close",
    "publish") that the person did not confirm. The page and the API ask here before the move;
    a round in a state the move does not start from is left to the move to refuse."""
    if confirmed or round.state not in CONFIRMED_MOVES[action]:
        return
    raise ConfirmationRequired(round=round, missing=what_is_missing(round=round), action=action)


class PublishedBeforeAsOf(RoundStateError):
    """Publishing a round before its as-of date, without an override."""


class AnotherRoundOpen(RoundStateError):
    """Opening a round while another round of the plan is open, without choosing to keep both;
    `open_rounds` are the others."""

    def __init__(self, *, open_rounds: list[FollowUpRound]):
        labels = ", ".join(_("“%(label)s”") % {"label": other.label} for other in open_rounds)
        super().__init__(
            {
                "keep_other_rounds_open": [
                    ngettext(
                        "The plan's round %(labels)s is open. Close it first, or choose to keep "
                        "both open.",
                        "The plan's rounds %(labels)s are open. Close them first, or choose to "
                        "keep them open too.",
                        len(open_rounds),
                    )
                    % {"labels": labels}
                ]
            }
        )
        self.open_rounds = open_rounds


def other_open_rounds(*, round: FollowUpRound | None = None, plan: Plan | None = None):
    """The plan's open rounds other than `round` (of `plan`, or of the round's plan)."""
    rounds = FollowUpRound.objects.open().filter(plan=plan or round.plan).order_by("as_of", "pk")
    if round is not None and round.pk is not None:
        rounds = rounds.exclude(pk=round.pk)
    return rounds


def _reason(text: str, *, field: str) -> str:
    return check_typed_text(" ".join((text or "").split()), field=field, max_length=2000)


def _check_another_open(*, plan: Plan, round: FollowUpRound | None, choice: Override) -> bool:
    """Refuse to open a second round of the plan unless the controller chose to; True when the
    choice was needed (and is to be recorded). Lock the plan first, so two controllers opening
    rounds of one plan at once do it one after the other and the second sees the first."""
    Plan.all_objects.select_for_update().filter(pk=plan.pk).first()
    others = list(other_open_rounds(round=round, plan=plan))
    if not others:
        return False
    if not choice.chosen:
        raise AnotherRoundOpen(open_rounds=others)
    return True


def _record_override(*, round: FollowUpRound, kind: str, reason: str, by) -> RoundOverride:
    override = RoundOverride(
        round=round,
        kind=kind,
        reason=reason,
        made_by=by if getattr(by, "is_authenticated", False) else None,
    )
    override.full_clean()
    override.save()
    record_change(
        obj=override,
        by=by,
        action=ChangeRecord.Action.CREATED,
        changes={"kind": (None, kind), "reason": (None, reason)},
    )
    return override


def _require_label(label: str) -> str:
    cleaned = check_typed_text(" ".join((label or "").split()), field="label")
    if not cleaned:
        raise ValidationError({"label": _("This field cannot be blank.")})
    return cleaned


def _check_dates(
    *, plan: Plan, as_of: datetime.date, reporting_deadline: datetime.date | None, exclude=None
) -> None:
    others = FollowUpRound.objects.filter(plan=plan, as_of=as_of)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            {"as_of": _("The plan already has a follow-up round as of %(date)s.") % {"date": as_of}}
        )
    check_round_dates(plan=plan, as_of=as_of, reporting_deadline=reporting_deadline)


def check_round_dates(
    *, plan: Plan, as_of: datetime.date, reporting_deadline: datetime.date | None
) -> None:
    """Refuse (ValidationError on the field) a date outside plausible_round_dates(plan) and a
    deadline before the as-of date. create_round and update_round ask it; a writer that builds
    rounds itself (a load) may too."""
    first, last = plausible_round_dates(plan)
    for field, date in (("as_of", as_of), ("reporting_deadline", reporting_deadline)):
        if date is not None and not first <= date <= last:
            raise ValidationError(
                {
                    field: _(
                        "%(date)s is too far from the plan's year %(year)s: give a date from "
                        "%(first)s to %(last)s."
                    )
                    % {"date": date, "year": plan.year, "first": first, "last": last}
                }
            )
    if reporting_deadline is not None and reporting_deadline < as_of:
        raise ValidationError(
            {"reporting_deadline": _("The reporting deadline cannot be before the as-of date.")}
        )


def plausible_round_dates(plan: Plan) -> tuple[datetime.date, datetime.date]:
    """The first and last date a round of the plan may be as of, or have its deadline on: from
    the start of the year before the plan's (a round during the preparations) to the end of the
    year after it (the year-end report, due in the spring). A year such as 484 is a typo."""
    return datetime.date(plan.year - 1, 1, 1), datetime.date(plan.year + 1, 12, 31)


def create_round(
    *,
    plan: Plan,
    label: str,
    as_of: datetime.date,
    by,
    reporting_deadline: datetime.date | None = None,
    introduction: str = "",
    keep_other_rounds_open: Override = NO_OVERRIDE,
) -> FollowUpRound:
    """A new follow-up round of a decided plan, open for reports at once; while another round of
    the plan is open, only if the controller chose to keep it open (AnotherRoundOpen). Finished
    activities keep their previous status (starting_point.keep_finished_statuses)."""
    if plan.state == Plan.State.DRAFT:
        raise RoundStateError(
            {"plan": _("The plan is still a draft: decide it before following it up.")}
        )
    label = _require_label(label)
    reason = _reason(keep_other_rounds_open.reason, field="keep_open_reason")
    _check_dates(plan=plan, as_of=as_of, reporting_deadline=reporting_deadline)
    with transaction.atomic():
        another_open = _check_another_open(plan=plan, round=None, choice=keep_other_rounds_open)
        round = FollowUpRound(
            plan=plan,
            label=label,
            as_of=as_of,
            reporting_deadline=reporting_deadline,
            introduction=check_typed_text((introduction or "").strip(), field="introduction"),
            state=State.OPEN,
        )
        round.full_clean()
        round.save()
        record_change(
            obj=round,
            by=by,
            action=ChangeRecord.Action.CREATED,
            changes={
                "label": (None, label),
                "as_of": (None, as_of),
                "reporting_deadline": (None, reporting_deadline),
                "state": (None, round.state),
            },
        )
        if another_open:
            _record_override(
                round=round, kind=RoundOverride.Kind.ANOTHER_ROUND_OPEN, reason=reason, by=by
            )
        keep_finished_statuses(round=round, by=by)
        return round


def update_round(
    *,
    round: FollowUpRound,
    by,
    label: str = UNCHANGED,
    as_of: datetime.date = UNCHANGED,
    reporting_deadline: datetime.date | None = UNCHANGED,
) -> dict:
    """Change a round's label, as-of date or deadline (`reporting_deadline=None` removes it)."""
    fields = changed_fields(label=label, as_of=as_of, reporting_deadline=reporting_deadline)
    if "label" in fields:
        fields["label"] = _require_label(label)
    _check_dates(
        plan=round.plan,
        as_of=fields.get("as_of", round.as_of),
        reporting_deadline=fields.get("reporting_deadline", round.reporting_deadline),
        exclude=round,
    )
    with transaction.atomic():
        return update_with_trail(obj=round, by=by, **fields)


def update_round_introduction(*, round: FollowUpRound, introduction: str, by) -> dict:
    """The report's introduction; empty gives the standard text with the date."""
    with transaction.atomic():
        return update_with_trail(
            obj=round,
            by=by,
            introduction=check_typed_text((introduction or "").strip(), field="introduction"),
        )


def _move(
    *, round: FollowUpRound, to: str, allowed_from: set[str], refusal: str, by, check=None
) -> None:
    """Move the round to the state `to` under its lock. `check(round)`, called under the lock
    once the state allows the move, may refuse it (raise) or return the override it needed,
    (kind, reason), recorded with the move."""
    with transaction.atomic():
        # Read the state under the transaction, so two controllers cannot both move it, and a
        # status report (which locks the same row) cannot land while the round closes.
        locked = FollowUpRound.objects.select_for_update().get(pk=round.pk)
        round.state = locked.state
        round.first_published_at = locked.first_published_at
        round.last_published_at = locked.last_published_at
        if locked.state not in allowed_from:
            raise WrongState({"state": refusal % {"state": round.get_state_display()}})
        override = check(round) if check is not None else None
        fields = {"state": to}
        if to == State.PUBLISHED:
            fields["last_published_at"] = timezone.now()
            if round.first_published_at is None:
                fields["first_published_at"] = fields["last_published_at"]
        update_with_trail(obj=round, by=by, **fields)
        if override is not None:
            kind, reason = override
            _record_override(round=round, kind=kind, reason=reason, by=by)


def _keeping_others_open(choice: Override):
    """The check of a move to open: another open round of the plan needs the choice."""
    reason = _reason(choice.reason, field="keep_open_reason")

    def check(round: FollowUpRound):
        if _check_another_open(plan=round.plan, round=round, choice=choice):
            return RoundOverride.Kind.ANOTHER_ROUND_OPEN, reason
        return None

    return check


def _published_on_time(choice: Override):
    """The check of publishing: before the round's as-of date, only with an override and a
    reason."""
    reason = _reason(choice.reason, field="before_as_of_reason")
    if choice.chosen and not reason:
        raise ValidationError(
            {
                "before_as_of_reason": _(
                    "Say why the round is published before its as-of date: the reason is kept."
                )
            }
        )

    def check(round: FollowUpRound):
        if not round.is_before_as_of():
            return None
        if not choice.chosen:
            raise PublishedBeforeAsOf(
                {
                    "before_as_of": _(
                        "The round describes the statuses as of %(as_of)s, and that day has not "
                        "come yet. To publish it before, choose to and say why."
                    )
                    % {"as_of": formats.date_format(round.as_of, "j F Y")}
                }
            )
        return RoundOverride.Kind.PUBLISHED_BEFORE_AS_OF, reason

    return check


def close_round(*, round: FollowUpRound, by) -> FollowUpRound:
    """No more reports: the statuses as they stand are the round's result."""
    _move(
        round=round,
        to=State.CLOSED,
        allowed_from={State.OPEN},
        refusal=_("Only an open round can be closed; this round is %(state)s."),
        by=by,
    )
    return round


def open_round(
    *, round: FollowUpRound, by, keep_other_rounds_open: Override = NO_OVERRIDE
) -> FollowUpRound:
    """Take reports again in a closed round (a published one: see reopen_round); while another
    round of the plan is open, only if the controller chose to keep it open."""
    _move(
        round=round,
        to=State.OPEN,
        allowed_from={State.CLOSED},
        refusal=_(
            "Only a closed round can be opened; this round is %(state)s. "
            "A published round is reopened."
        ),
        by=by,
        check=_keeping_others_open(keep_other_rounds_open),
    )
    return round


def publish_round(
    *,
    round: FollowUpRound,
    by,
    before_as_of: Override = NO_OVERRIDE,
) -> FollowUpRound:
    """Make a closed round readable without signing in; before its as-of date only with an
    override and its reason.

    Only the state: what the publication shows is frozen by
    vplan.reports.publication.publish_round, which the pages, the API and the commands call."""
    _move(
        round=round,
        to=State.PUBLISHED,
        allowed_from={State.CLOSED},
        refusal=_("Only a closed round can be published; this round is %(state)s."),
        by=by,
        check=_published_on_time(before_as_of),
    )
    return round


def reopen_round(
    *, round: FollowUpRound, by, keep_other_rounds_open: Override = NO_OVERRIDE
) -> FollowUpRound:
    """Open a closed or published round for reports again. A round once published stays public:
    until it is published anew (a correction), the public sees its last publication. While
    another round of the plan is open, only if the controller chose to keep it open."""
    _move(
        round=round,
        to=State.OPEN,
        allowed_from={State.CLOSED, State.PUBLISHED},
        refusal=_("The round is already %(state)s."),
        by=by,
        check=_keeping_others_open(keep_other_rounds_open),
    )
    return round
