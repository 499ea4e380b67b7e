"""Single sign-on's group mappings, as on /sso/mappings/<administration>/."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja import Status as HttpStatus

from vplan.api.access import user_of
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.signin import ClaimMappingIn, ClaimMappingOut
from vplan.organisation.models import Board
from vplan.signin import access
from vplan.signin.claims import add_claim_mapping, remove_claim_mapping
from vplan.signin.models import ClaimRoleMapping

router = Router(tags=["single sign-on"])


@router.get(
    "/administrations/{int:administration_id}/sso-mappings",
    response={200: list[ClaimMappingOut], **ERRORS},
)
@paged
def list_mappings(request, administration_id: int):
    """The groups that give roles in the administration (its controllers and administrators)."""
    administration = access.access_mappings_for_read(user_of(request), administration_id)
    return ClaimRoleMapping.objects.of_administrations([administration])


@router.post(
    "/administrations/{int:administration_id}/sso-mappings",
    response={201: ClaimMappingOut, **ERRORS},
)
def create_mapping(request, administration_id: int, payload: ClaimMappingIn):
    """A group that gives a role from the next sign-in on (the administration's administrators)."""
    user = user_of(request)
    administration = access.access_mappings_for_change(user, administration_id)
    board = None
    if payload.board is not None:
        board = Board.objects.filter(pk=payload.board, administration=administration).first()
        if board is None:
            raise ValidationError({"board": _("No board of the administration has this id.")})
    mapping = add_claim_mapping(
        claim_value=payload.claim_value,
        administration=administration,
        board=board,
        role=payload.role,
        by=user,
    )
    return HttpStatus(201, mapping)


@router.delete("/sso-mappings/{int:mapping_id}", response={204: None, **ERRORS})
def delete_mapping(request, mapping_id: int):
    """Stop the group giving the role (soft: the mapping stays in the trail)."""
    user = user_of(request)
    mapping = access.access_mapping_for_change(user, mapping_id)
    remove_claim_mapping(mapping=mapping, by=user)
    return HttpStatus(204, None)
