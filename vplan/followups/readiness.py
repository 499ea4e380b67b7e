"""A board's sign-off of a round: "klarmarkera" (the editor says the board's statuses are ready),
then "godkänd" (the controller approves) or "återsänd med kommentar" (the controller returns them,
which e-mails the board's people). Each step is a BoardReadiness row with who and when; the
latest row is the board's state in the round.

Who may do what: an editor of the board (or a controller) marks it ready while the round is
open; a controller approves or returns what is marked ready (or returns an approval). Every
step names the step it follows (`expected`, the id of the latest row, or None for none): when
someone else acted first, the step is refused as a conflict, never applied on top.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import BoardReadiness, FollowUpRound
from vplan.followups.progress import missing_counts_by_board
from vplan.mail_url import email_is_configured
from vplan.organisation import permissions
from vplan.organisation.models import Board, Membership, Role
from vplan.plans.editing import check_typed_text
from vplan.plans.models import Activity

State = BoardReadiness.State


class SignOffConflict(Exception):
    """Someone else took a step on this board first: the page shows the board as it is now."""

    def __init__(self, current: BoardReadiness | None):
        super().__init__(_("Someone else changed the board's sign-off first."))
        self.current = current


@dataclass
class BoardSignOff:
    """A board's sign-off of a round as the page and the API show it."""

    board: Board
    missing: int  # activities of the board without a status in the round
    current: BoardReadiness | None  # the latest step; None: not marked ready yet
    history: list[BoardReadiness] = field(default_factory=list)  # oldest first

    @property
    def state(self) -> str | None:
        return self.current.state if self.current else None

    @property
    def expected(self) -> int | None:
        return self.current.pk if self.current else None


def sign_offs(round: FollowUpRound) -> list[BoardSignOff]:
    """Every board of the round's plan (by code) with its missing count, state and history.
    Three queries, whatever the plan's size."""
    steps: dict[int, list[BoardReadiness]] = {}
    for step in BoardReadiness.objects.filter(round=round).select_related("made_by"):
        steps.setdefault(step.board_id, []).append(step)
    return [
        BoardSignOff(
            board=row.board,
            missing=row.count,
            current=steps[row.board.pk][-1] if row.board.pk in steps else None,
            history=steps.get(row.board.pk, []),
        )
        for row in missing_counts_by_board(round=round)
    ]


def boards_not_ready(round: FollowUpRound) -> list[BoardSignOff]:
    """The boards not marked ready nor approved (for the warning when a round is closed)."""
    return [entry for entry in sign_offs(round) if entry.state not in (State.READY, State.APPROVED)]


def approved_boards(round: FollowUpRound) -> list[Board]:
    """The boards whose sign-off is approved now (what a publication can state)."""
    return [entry.board for entry in sign_offs(round) if entry.state == State.APPROVED]


def may_mark_ready(user, round: FollowUpRound, board: Board) -> bool:
    editable = permissions.editable_board_ids(user, round.plan.administration)
    return permissions.is_member(user, round.plan.administration) and (
        editable is None or board.pk in editable
    )


def may_decide(user, round: FollowUpRound) -> bool:
    return permissions.can_manage_administration(user, round.plan.administration)


def take_step(
    *,
    round: FollowUpRound,
    board: Board,
    state: str,
    by,
    expected: int | None,
    comment: str = "",
    base_url: str = "",
) -> BoardReadiness:
    """Mark ready, approve or return (with a comment) a board's statuses in the round.

    Raises PermissionDenied (not theirs to take), ValidationError (not now, or no comment to a
    return) or SignOffConflict (someone else acted since `expected`)."""
    if not (may_mark_ready(by, round, board) or may_decide(by, round)):
        raise PermissionDenied
    if state not in State.values:
        raise ValidationError({"state": _("Unknown step.")})
    if state == State.READY and not may_mark_ready(by, round, board):
        raise PermissionDenied
    if state in (State.APPROVED, State.RETURNED) and not may_decide(by, round):
        raise PermissionDenied
    if board.pk not in {entry.board.pk for entry in sign_offs(round)}:
        raise ValidationError({"board": _("The board is not one of the round's plan's boards.")})
    comment = check_typed_text(comment or "", field="comment").strip()
    if state == State.RETURNED and not comment:
        raise ValidationError({"comment": _("Say what is to be done before it comes back.")})
    with transaction.atomic():
        # Locks the round's sign-off steps of this board: two steps at once wait for each other.
        locked = FollowUpRound.objects.select_for_update().get(pk=round.pk)
        if locked.state != FollowUpRound.State.OPEN:
            raise ValidationError({"round": _("Only an open round's boards can be signed off.")})
        current = (
            BoardReadiness.objects.filter(round=round, board=board).order_by("made_at", "id").last()
        )
        if (current.pk if current else None) != expected:
            raise SignOffConflict(current)
        allowed_after = {
            State.READY: {None, State.RETURNED},
            State.APPROVED: {State.READY},
            State.RETURNED: {State.READY, State.APPROVED},
        }[state]
        if (current.state if current else None) not in allowed_after:
            raise ValidationError(
                {"state": _("This step does not follow the board's present state.")}
            )
        step = BoardReadiness.objects.create(
            round=round, board=board, state=state, comment=comment, made_by=by
        )
        record_change(
            obj=round,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={
                "sign_off": (
                    f"{board.display_code}: {current.state if current else ''}",
                    f"{board.display_code}: {state}",
                )
            },
        )
    if state == State.RETURNED and email_is_configured() and base_url:
        notify_returned(step=step, base_url=base_url)
    return step


def people_of_board(round: FollowUpRound, board: Board) -> list:
    """Who hears that a board's statuses were returned: the board's editors and the
    responsible people of its activities in the round's plan, with an e-mail address."""
    editors = Membership.objects.current().filter(
        administration_id=round.plan.administration_id, role=Role.EDITOR, board=board
    )
    responsible = Activity.responsible_people.through.objects.filter(
        activity__plan_id=round.plan_id, activity__boards=board, activity__deleted_at__isnull=True
    )
    people = get_user_model().objects.filter(is_active=True).exclude(email="")
    return list(
        people.filter(pk__in=editors.values("user_id"))
        | people.filter(pk__in=responsible.values("user_id"))
    )


def notify_returned(*, step: BoardReadiness, base_url: str) -> int:
    """E-mail the board's people that the controller returned its statuses, with the comment."""
    round = step.round
    url = base_url.rstrip("/") + reverse("followups:readiness", args=[round.pk])
    sent = 0
    with translation.override("sv"):
        subject = _("Returned: %(board)s in %(round)s") % {
            "board": step.board.display_code,
            "round": round.label,
        }
        context = {"step": step, "round": round, "plan": round.plan, "url": url}
        text = render_to_string("followups/mail/returned.txt", context)
        html = render_to_string("followups/mail/returned.html", context)
    for person in people_of_board(round, step.board):
        message = EmailMultiAlternatives(subject=subject, body=text, to=[person.email])
        message.attach_alternative(html, "text/html")
        message.send()
        sent += 1
    return sent
