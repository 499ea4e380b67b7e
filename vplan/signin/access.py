"""Who may read and change the group mappings of single sign-on.

Controllers and administrators of an administration read its mappings (they decide who holds
which role, so they should see where roles come from); only its administrators (and superusers)
change them, as they do people and roles.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vplan.organisation.models import Administration, Role
from vplan.organisation.permissions import (
    can_manage_administration,
    is_member,
    is_superuser,
    memberships_of,
    object_or_404,
)
from vplan.signin.models import ClaimRoleMapping


def can_change_mappings(user, administration: Administration) -> bool:
    if is_superuser(user):
        return True
    return any(m.role == Role.ADMIN for m in memberships_of(user, administration))


def access_mappings_for_read(user, pk) -> Administration:
    administration = object_or_404(Administration, pk)
    if not is_member(user, administration):
        raise Http404
    if not can_manage_administration(user, administration):
        raise PermissionDenied
    return administration


def access_mappings_for_change(user, pk) -> Administration:
    administration = access_mappings_for_read(user, pk)
    if not can_change_mappings(user, administration):
        raise PermissionDenied
    return administration


def access_mapping_for_change(user, pk) -> ClaimRoleMapping:
    mapping = object_or_404(ClaimRoleMapping, pk)
    access_mappings_for_change(user, mapping.administration_id)
    return mapping
