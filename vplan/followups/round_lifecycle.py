"""Follow-up rounds: created for a decided plan, then opened, closed and published.

The states and the moves between them:

    open  --close_round-->   closed  --publish_round-->  published
    open  <--open_round---   closed
    open  <--------------reopen_round----------------    published (or closed)

An open round takes status reports; a closed one takes none ("no more edits"); a published one
takes none and is readable without signing in, as public documents are. Every move is recorded
with who made it and when. Who may make it is the caller's business (permissions.py).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import UNCHANGED, changed_fields, record_change, update_with_trail
from vplan.followups.models import FollowUpRound
from vplan.plans.editing import check_typed_text
from vplan.plans.models import Plan

State = FollowUpRound.State


class RoundStateError(ValidationError):
    """The round's state does not allow this move (e.g. publishing an open round)."""


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
) -> FollowUpRound:
    """A new follow-up round of a decided plan, open for reports at once."""
    if plan.state == Plan.State.DRAFT:
        raise RoundStateError(
            {"plan": _("The plan is still a draft: decide it before following it up.")}
        )
    label = _require_label(label)
    _check_dates(plan=plan, as_of=as_of, reporting_deadline=reporting_deadline)
    with transaction.atomic():
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


def _move(*, round: FollowUpRound, to: str, allowed_from: set[str], refusal: str, by) -> None:
    with transaction.atomic():
        # Read the state under the transaction, so two controllers cannot both move it, and a
        # status report (which locks the same row) cannot land while the round closes.
        locked = FollowUpRound.objects.select_for_update().get(pk=round.pk)
        round.state = locked.state
        round.first_published_at = locked.first_published_at
        round.last_published_at = locked.last_published_at
        if locked.state not in allowed_from:
            raise RoundStateError({"state": refusal % {"state": round.get_state_display()}})
        fields = {"state": to}
        if to == State.PUBLISHED:
            fields["last_published_at"] = timezone.now()
            if round.first_published_at is None:
                fields["first_published_at"] = fields["last_published_at"]
        update_with_trail(obj=round, by=by, **fields)


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


def open_round(*, round: FollowUpRound, by) -> FollowUpRound:
    """Take reports again in a closed round (a published one: see reopen_round)."""
    _move(
        round=round,
        to=State.OPEN,
        allowed_from={State.CLOSED},
        refusal=_(
            "Only a closed round can be opened; this round is %(state)s. "
            "A published round is reopened."
        ),
        by=by,
    )
    return round


def publish_round(*, round: FollowUpRound, by) -> FollowUpRound:
    """Make a closed round readable without signing in.

    Only the state: what the publication shows is frozen by
    vplan.reports.publication.publish_round, which the pages, the API and the commands call."""
    _move(
        round=round,
        to=State.PUBLISHED,
        allowed_from={State.CLOSED},
        refusal=_("Only a closed round can be published; this round is %(state)s."),
        by=by,
    )
    return round


def reopen_round(*, round: FollowUpRound, by) -> FollowUpRound:
    """Open a closed or published round for reports again. A round once published stays public:
    until it is published anew (a correction), the public sees its last publication."""
    _move(
        round=round,
        to=State.OPEN,
        allowed_from={State.CLOSED, State.PUBLISHED},
        refusal=_("The round is already %(state)s."),
        by=by,
    )
    return round
