"""What a person's groups at the provider give them here.

`sync_roles_from_groups` runs at every single sign-on: the person's memberships that came from
the provider (source "oidc") are made to match the group mappings of their groups now; roles
given by hand on the people pages are never touched. The mappings are changed with
`add_claim_mapping` and `remove_claim_mapping` (soft: a removed mapping can be read in the trail).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change, soft_delete
from vplan.organisation.memberships import end_membership, grant_membership
from vplan.organisation.models import Administration, Board, Membership, Role
from vplan.signin.models import ClaimRoleMapping

SOURCE = "oidc"
MAX_CLAIM_VALUE = 255


def groups_from_claims(claims: dict, claim_name: str) -> set[str]:
    """The group names or ids in a claim: a list of strings, or one space/comma-separated string."""
    value = claims.get(claim_name)
    if isinstance(value, str):
        return {part for part in value.replace(",", " ").split() if part}
    if isinstance(value, list | tuple):
        return {str(item) for item in value if isinstance(item, str | int) and str(item)}
    return set()


def _key(administration_id, board_id, role) -> tuple:
    return (administration_id, board_id, role)


@transaction.atomic
def sync_roles_from_groups(*, user, groups: Iterable[str]) -> dict[str, int]:
    """Grant the roles the groups map to and end provider-given roles no group gives any more."""
    wanted = {
        _key(m.administration_id, m.board_id, m.role): m
        for m in ClaimRoleMapping.objects.matching(groups).select_related("administration", "board")
    }
    held = {
        _key(m.administration_id, m.board_id, m.role): m
        for m in Membership.objects.current().filter(user=user, source=SOURCE)
    }
    for key in held.keys() - wanted.keys():
        end_membership(
            membership=held[key], by=user, reason=_("No group at sign-in gives this role any more.")
        )
    manual = {
        _key(m.administration_id, m.board_id, m.role)
        for m in Membership.objects.current().filter(user=user).exclude(source=SOURCE)
    }
    for key in wanted.keys() - held.keys() - manual:
        mapping = wanted[key]
        grant_membership(
            user=user,
            administration=mapping.administration,
            board=mapping.board,
            role=mapping.role,
            by=user,
            source=SOURCE,
        )
    return {
        "granted": len(wanted.keys() - held.keys() - manual),
        "ended": len(held.keys() - wanted.keys()),
    }


def add_claim_mapping(
    *, claim_value: str, administration: Administration, board: Board | None, role: str, by
) -> ClaimRoleMapping:
    claim_value = (claim_value or "").strip()
    errors = {}
    if not claim_value:
        errors["claim_value"] = _("Give the group's name or id as the provider sends it.")
    elif len(claim_value) > MAX_CLAIM_VALUE or not claim_value.isprintable():
        errors["claim_value"] = _(
            "The group's name or id is at most %(limit)s printable characters."
        ) % {"limit": MAX_CLAIM_VALUE}
    if role not in Role.values:
        errors["role"] = _("Choose one of the roles.")
    if board is not None and board.administration_id != administration.pk:
        errors["board"] = _("The board belongs to another administration.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if ClaimRoleMapping.objects.filter(
            claim_value=claim_value, administration=administration, board=board, role=role
        ).exists():
            raise ValidationError({"claim_value": _("This group already gives this role here.")})
        mapping = ClaimRoleMapping.objects.create(
            claim_value=claim_value,
            administration=administration,
            board=board,
            role=role,
            created_by=by,
        )
        record_change(
            obj=mapping,
            by=by,
            action=ChangeRecord.Action.CREATED,
            changes={
                "claim_value": (None, claim_value),
                "administration": (None, administration.pk),
                "board": (None, board.pk if board else None),
                "role": (None, role),
            },
        )
    return mapping


def remove_claim_mapping(*, mapping: ClaimRoleMapping, by) -> None:
    """Stop giving the role to the group from the next sign-in on (roles held stay until then)."""
    with transaction.atomic():
        soft_delete(obj=mapping, by=by)
