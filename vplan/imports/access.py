"""Who may import: controllers and administrators of an administration (and superusers).

The import page, the API and `PendingImport` lookups ask here; the rules themselves are
`vplan.organisation.permissions`. Each function returns the object or raises: Http404 when the
user may not know it exists, PermissionDenied when they may see it but not import into it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vplan.followups.access import access_administration_for_view
from vplan.organisation import permissions

from .models import PendingImport


def importing_administrations(user):
    """The administrations the user may import reports into."""
    return permissions.managed_administrations(user).order_by("name")


def access_administration_for_import(user, pk):
    administration = access_administration_for_view(user, pk)
    if not permissions.can_manage_administration(user, administration):
        raise PermissionDenied
    return administration


def access_pending_import(user, pk) -> PendingImport:
    """An upload waiting for confirmation: only its uploader sees it, while still a manager."""
    try:
        pending = PendingImport.objects.select_related("administration").get(pk=pk)
    except (PendingImport.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if pending.uploaded_by_id != getattr(user, "pk", None):
        raise Http404
    if not permissions.can_manage_administration(user, pending.administration):
        raise PermissionDenied
    return pending
