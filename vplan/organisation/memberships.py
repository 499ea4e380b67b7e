"""Granting and ending roles: the one way memberships are written (pages, API, import, SSO).

A membership is never deleted: ending it keeps the row with who ended it, when and why, so the
history of who held which role (granted by whom, when, how) stays. Each operation records its
change in the trail (`vplan.audit.trail.record_change`). Permission decisions read only
`Membership.objects.current()`.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.organisation.models import Administration, Board, Membership, MembershipSource, Role


def _actor(by):
    return by if getattr(by, "is_authenticated", False) else None


def current_membership(*, user, administration, board=None, role) -> Membership | None:
    """The current membership with exactly this role, administration and board, if any."""
    return (
        Membership.objects.current()
        .filter(user=user, administration=administration, board=board, role=role)
        .first()
    )


def grant_membership(
    *,
    user,
    administration: Administration,
    board: Board | None = None,
    role: str,
    by,
    source: str = MembershipSource.MANUAL,
) -> Membership:
    """Give `user` the role in the administration, on one board or (board None) on every board.

    Granting a role the user already holds there changes nothing and returns the current
    membership (so a sign-on can grant its roles at every login)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    if source not in MembershipSource.values:
        raise ValidationError({"source": _("Unknown source %(source)s.") % {"source": source}})
    if board is not None and board.administration_id != administration.pk:
        raise ValidationError(
            {
                "board": _("The board %(board)s does not belong to %(administration)s.")
                % {"board": board.display_code, "administration": administration.name}
            }
        )
    if not user.is_active:
        raise ValidationError(
            {"user": _("%(username)s is deactivated.") % {"username": user.username}}
        )
    with transaction.atomic():
        existing = current_membership(
            user=user, administration=administration, board=board, role=role
        )
        if existing is not None:
            return existing
        membership = Membership(
            user=user,
            administration=administration,
            board=board,
            role=role,
            granted_at=timezone.now(),
            granted_by=_actor(by),
            source=source,
        )
        membership.full_clean()
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError:  # granted at the same moment by another request
            existing = current_membership(
                user=user, administration=administration, board=board, role=role
            )
            if existing is None:
                raise
            return existing
        record_change(
            obj=membership,
            by=by,
            action=ChangeRecord.Action.CREATED,
            changes={
                "user": (None, user.username),
                "administration": (None, administration.short_code),
                "board": (None, board.code if board else None),
                "role": (None, role),
                "source": (None, source),
            },
            at=membership.granted_at,
        )
    return membership


def end_membership(*, membership: Membership, by, reason: str = "") -> None:
    """End a current membership: it stays as history with who ended it, when and why."""
    reason = " ".join((reason or "").split())
    if any(ord(character) < 32 or 127 <= ord(character) < 160 for character in reason):
        raise ValidationError({"end_reason": _("The reason holds a control character.")})
    if len(reason) > Membership._meta.get_field("end_reason").max_length:
        raise ValidationError({"end_reason": _("The reason is too long (at most 500 characters).")})
    with transaction.atomic():
        # Read again under a lock: two people ending the same membership at once end it once.
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.ended_at is not None:
            raise ValidationError(_("This membership has already ended."))
        locked.ended_at = timezone.now()
        locked.ended_by = _actor(by)
        locked.end_reason = reason
        locked.save(update_fields=["ended_at", "ended_by", "end_reason"])
        record_change(
            obj=locked,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"ended_at": (None, locked.ended_at), "end_reason": ("", reason)},
            at=locked.ended_at,
        )
    membership.ended_at = locked.ended_at
    membership.ended_by = locked.ended_by
    membership.end_reason = locked.end_reason


def grant_memberships_in_bulk(*, grants: list[dict], by, source: str) -> list[Membership]:
    """Many new memberships at once (an import of thousands of rows): each grant is a dict of
    user, administration, board and role, checked by the caller (a role the user does not hold
    yet, a board of the administration, a known role). One insert for the memberships and one
    for their change records, in one transaction; the database's constraint still refuses a
    role granted twice."""
    now = timezone.now()
    actor = _actor(by)
    memberships = [
        Membership(
            user=grant["user"],
            administration=grant["administration"],
            board=grant["board"],
            role=grant["role"],
            granted_at=now,
            granted_by=actor,
            source=source,
        )
        for grant in grants
    ]
    content_type = ContentType.objects.get_for_model(Membership)
    with transaction.atomic():
        Membership.objects.bulk_create(memberships, batch_size=500)
        ChangeRecord.objects.bulk_create(
            [
                ChangeRecord(
                    content_type=content_type,
                    object_id=str(membership.pk),
                    object_repr=str(membership)[:300],
                    action=ChangeRecord.Action.CREATED,
                    changes={
                        "user": [None, membership.user.username],
                        "administration": [None, membership.administration.short_code],
                        "board": [None, membership.board.code if membership.board else None],
                        "role": [None, membership.role],
                        "source": [None, source],
                    },
                    changed_by=actor,
                    changed_at=now,
                    administration_id=membership.administration_id,
                )
                for membership in memberships
            ],
            batch_size=500,
        )
    return memberships
