"""Roles: who belongs to which administration, and what each role may do there.

Each rule is a plain function with one condition per line, so every branch is visibly tested.
The `access_*` functions return the object or raise: Http404 when the user may not even know it
exists, PermissionDenied when they may see it but not do this.

The rules about plans, activities and rounds build on these and live above them, where rounds
are known: vplan/followups/access.py; those about IT object plans in vplan/objectplans/access.py.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vplan.organisation.models import Administration, Board, Membership, Role

MANAGING_ROLES = {Role.ADMIN, Role.CONTROLLER}


def is_signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def is_superuser(user) -> bool:
    return getattr(user, "is_superuser", False)


def memberships_of(user, administration: Administration) -> list[Membership]:
    if not is_signed_in(user):
        return []
    cache = user.__dict__.setdefault("_vplan_memberships", {})
    if administration.pk not in cache:
        cache[administration.pk] = list(
            Membership.objects.current().filter(user=user, administration=administration)
        )
    return cache[administration.pk]


def member_administration_ids(user):
    """The ids of the administrations the user is a member of, as a subquery."""
    return Membership.objects.current().filter(user=user).values("administration_id")


def is_member(user, administration: Administration) -> bool:
    if is_superuser(user):
        return True
    return bool(memberships_of(user, administration))


def sees_personal_names(user, administration: Administration) -> bool:
    """The one redaction rule: who reported, changed or corrected what is shown to members of
    the administration only. Signed out (and in every public format) no personal name is shown."""
    return is_member(user, administration)


def can_manage_administration(user, administration: Administration) -> bool:
    """Administrators and controllers set up plans and rounds for the whole administration."""
    if is_superuser(user):
        return True
    return any(m.role in MANAGING_ROLES for m in memberships_of(user, administration))


def editable_board_ids(user, administration: Administration) -> set[int] | None:
    """The boards whose activities the user may report on; None means every board."""
    if can_manage_administration(user, administration):
        return None
    editor_memberships = [m for m in memberships_of(user, administration) if m.role == Role.EDITOR]
    if any(m.board_id is None for m in editor_memberships):
        return None
    return {m.board_id for m in editor_memberships}


def object_or_404(model, pk):
    """The row of `model` with this primary key; Http404 when there is none or the key is not
    a key at all (a word in the URL, say)."""
    try:
        return model.objects.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def managed_administrations(user):
    """The administrations whose plans (and IT object plans) the user may set up."""
    if is_superuser(user):
        return Administration.objects.all()
    if not is_signed_in(user):
        return Administration.objects.none()
    managing = Membership.objects.current().filter(user=user, role__in=MANAGING_ROLES)
    return Administration.objects.filter(pk__in=managing.values("administration_id"))


def access_administration_for_manage(user, pk):
    """An administration whose reference data (its boards) the user may change: 404 to those
    outside it, 403 to its members who do not manage it."""
    administration = object_or_404(Administration, pk)
    if not is_member(user, administration):
        raise Http404
    if not can_manage_administration(user, administration):
        raise PermissionDenied
    return administration


def access_board_for_manage(user, pk):
    """A board the user may rename, reorder or retire: one of an administration they manage."""
    board = object_or_404(Board, pk)
    if board.administration_id is None and not is_superuser(user):
        raise Http404
    if board.administration_id is not None:
        access_administration_for_manage(user, board.administration_id)
    return board


def is_administrator(user, administration: Administration) -> bool:
    """The administrators of an administration (role administrator) read its audit log."""
    if is_superuser(user):
        return True
    return any(m.role == Role.ADMIN for m in memberships_of(user, administration))


def audited_administration_ids(user) -> set[int] | None:
    """The administrations whose change records the user may read; None means every record (a
    superuser's: those of no administration, such as statuses and people, too)."""
    if is_superuser(user):
        return None
    if not is_signed_in(user):
        return set()
    administering = Membership.objects.current().filter(user=user, role=Role.ADMIN)
    return set(administering.values_list("administration_id", flat=True))


def access_audit_log(user) -> set[int] | None:
    """The audit log, as audited_administration_ids: 404 to a user of no administration, 403 to
    a member who administers none."""
    administration_ids = audited_administration_ids(user)
    if administration_ids is None:
        return None
    if not is_signed_in(user):
        raise Http404
    if not member_administration_ids(user).exists():
        raise Http404
    if not administration_ids:
        raise PermissionDenied
    return administration_ids


def access_administration_audit_log(user, pk):
    """One administration's change records: 404 to those outside it, 403 to its members who do
    not administer it."""
    administration = object_or_404(Administration, pk)
    if not is_member(user, administration):
        raise Http404
    if not is_administrator(user, administration):
        raise PermissionDenied
    return administration


# People and roles ------------------------------------------------------------------------------
# Administrators (and superusers) add people, grant and end their roles, deactivate and
# reactivate them; controllers may read the administration's people and their roles (they chase
# the activity owners), but not change them. Editors and readers may not see the list (403);
# users outside the administration may not know it (404).


def can_manage_people(user, administration: Administration) -> bool:
    return is_administrator(user, administration)


def people_readable_administrations(user):
    """The administrations whose people (and their roles) the user may read."""
    return managed_administrations(user)


def people_managed_administrations(user):
    """The administrations whose people and roles the user may change: administrators only."""
    if is_superuser(user):
        return Administration.objects.all()
    if not is_signed_in(user):
        return Administration.objects.none()
    admin_of = Membership.objects.current().filter(user=user, role=Role.ADMIN)
    return Administration.objects.filter(pk__in=admin_of.values("administration_id"))


def access_administration_for_people(user, pk):
    """An administration whose people the user may read: 404 to those outside it, 403 to its
    editors and readers."""
    administration = object_or_404(Administration, pk)
    if not is_member(user, administration):
        raise Http404
    if not can_manage_administration(user, administration):
        raise PermissionDenied
    return administration


def access_administration_for_people_manage(user, pk):
    """An administration whose people and roles the user may change: its administrators."""
    administration = access_administration_for_people(user, pk)
    if not can_manage_people(user, administration):
        raise PermissionDenied
    return administration


def access_person(user, administration: Administration, pk):
    """A person of the administration (one who holds or held a role there), for a user who may
    read its people (access_administration_for_people first); 404 for anyone else."""
    person = object_or_404(get_user_model(), pk)
    if not Membership.objects.filter(user=person, administration=administration).exists():
        raise Http404
    return person


def access_membership_for_manage(user, administration: Administration, pk):
    """A membership in an administration whose people the user manages."""
    membership = object_or_404(Membership, pk)
    if membership.administration_id != administration.pk:
        raise Http404
    if not can_manage_people(user, administration):
        raise PermissionDenied
    return membership


def is_only_in_administrations_managed_by(user, person) -> bool:
    """Whether every current role of `person` is in an administration whose people `user`
    manages: only then may `user` deactivate the person's account or change their details."""
    if is_superuser(user):
        return True
    elsewhere = Membership.objects.current().filter(user=person)
    elsewhere = elsewhere.exclude(administration__in=people_managed_administrations(user))
    return not elsewhere.exists()


def can_change_account(user, person) -> bool:
    """May `user` deactivate, reactivate or edit the account of `person`? Never their own, nor
    a superuser's or staff member's (unless a superuser), nor one with roles elsewhere."""
    if person.pk == getattr(user, "pk", None):
        return False
    if (person.is_superuser or person.is_staff) and not is_superuser(user):
        return False
    return is_only_in_administrations_managed_by(user, person)
