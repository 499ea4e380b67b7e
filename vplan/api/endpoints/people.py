"""People of an administration and their roles: list, add, grant and end roles, deactivate,
reactivate, and the import of people from a CSV or Excel file (preview and commit).

The same rules as the pages: the administration's administrators change, its controllers read
(403 for its editors and readers, 404 for everyone else). The operations are those of
vplan/organisation/people.py, memberships.py and people_import.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import File, Query, Router
from ninja import Status as HttpStatus
from ninja.files import UploadedFile

from vplan.api.access import user_of
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS, Extended
from vplan.api.schemas.people import (
    DeactivationOut,
    EndIn,
    PeopleImportPreviewOut,
    PeopleImportResultOut,
    PersonHistoryOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    PersonRoleOut,
    RoleIn,
)
from vplan.organisation import people, people_import, permissions
from vplan.organisation.invitations import send_password_link
from vplan.organisation.memberships import end_membership, grant_membership
from vplan.organisation.models import Board, Role, canonical_board_code

router = Router(tags=["people"])


@router.get(
    "/administrations/{int:administration_id}/people", response={200: list[PersonOut], **ERRORS}
)
@paged
def list_people(
    request,
    administration_id: int,
    board: str = Query("", max_length=20, description="A board code: roles on it (or on all)."),
    role: str = Query("", max_length=16, description="admin, controller, editor or reader."),
    q: str = Query("", max_length=100, description="Words in the username, name or e-mail."),
    former: bool = Query(False, description="Only those who held a role and hold none now."),
):
    """The administration's people with their current roles (administrators, controllers)."""
    administration = permissions.access_administration_for_people(
        user_of(request), administration_id
    )
    if role and role not in Role.values:
        raise ValidationError({"role": [_("Unknown role %(role)s.") % {"role": role}]})
    return people.people_of(
        administration=administration,
        board=_board(administration, board) if board else None,
        role=role,
        text=q,
        former=former,
    )


@router.post(
    "/administrations/{int:administration_id}/people",
    response={200: PersonHistoryOut, 201: PersonHistoryOut, **ERRORS},
)
def add_person(request, administration_id: int, payload: PersonIn):
    """A new person with a role (201), or the role granted to an existing username (200; its
    name and e-mail stay). No password is set: single sign-on, or `send_link`."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    person, created = people.add_person(
        administration=administration,
        username=payload.username,
        name=payload.name,
        email=payload.email,
        role=payload.role,
        board=_board(administration, payload.board) if payload.board else None,
        by=user,
    )
    if created and payload.send_link:
        send_password_link(
            person=person,
            base_url=request.build_absolute_uri("/"),
            administration=administration,
        )
    return HttpStatus(201 if created else 200, _with_history(person, administration))


@router.get(
    "/administrations/{int:administration_id}/people/{int:person_id}",
    response={200: PersonHistoryOut, **ERRORS},
)
def get_person(request, administration_id: int, person_id: int):
    """A person with their current roles and the history of every role held here."""
    user = user_of(request)
    administration = permissions.access_administration_for_people(user, administration_id)
    person = permissions.access_person(user, administration, person_id)
    return _with_history(person, administration)


@router.patch(
    "/administrations/{int:administration_id}/people/{int:person_id}",
    response={200: PersonHistoryOut, **ERRORS},
)
def update_person(request, administration_id: int, person_id: int, payload: PersonPatch):
    """Change a person's name or e-mail (only for people with no roles elsewhere)."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    person = permissions.access_person(user, administration, person_id)
    if not permissions.can_change_account(user, person):
        raise PermissionDenied
    people.update_person(
        person=person, by=user, administration=administration, **payload.dict(exclude_none=True)
    )
    return _with_history(person, administration)


@router.post(
    "/administrations/{int:administration_id}/people/{int:person_id}/roles",
    response={201: PersonRoleOut, 200: PersonRoleOut, **ERRORS},
)
def grant_role(request, administration_id: int, person_id: int, payload: RoleIn):
    """Grant a role (201), or answer the current one if the person holds it already (200)."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    person = permissions.access_person(user, administration, person_id)
    board = _board(administration, payload.board) if payload.board else None
    before = person.memberships.current().filter(administration=administration).count()
    membership = grant_membership(
        user=person, administration=administration, board=board, role=payload.role, by=user
    )
    after = person.memberships.current().filter(administration=administration).count()
    return HttpStatus(201 if after > before else 200, membership)


@router.post(
    "/administrations/{int:administration_id}/memberships/{int:membership_id}/end",
    response={200: PersonRoleOut, **ERRORS},
)
def end_role(request, administration_id: int, membership_id: int, payload: EndIn | None = None):
    """End a role; it stays in the history with who ended it, when and why."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    membership = permissions.access_membership_for_manage(user, administration, membership_id)
    end_membership(membership=membership, by=user, reason=payload.reason if payload else "")
    return membership


@router.post(
    "/administrations/{int:administration_id}/people/{int:person_id}/deactivate",
    response={200: DeactivationOut, **ERRORS},
)
def deactivate_person(
    request, administration_id: int, person_id: int, payload: EndIn | None = None
):
    """End the person's roles here and, when they hold none elsewhere, make the account
    inactive (it can no longer sign in)."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    person = permissions.access_person(user, administration, person_id)
    deactivated = people.deactivate_person(
        person=person,
        administration=administration,
        by=user,
        reason=payload.reason if payload else "",
    )
    return {"deactivated": deactivated, "person": _with_history(person, administration)}


@router.post(
    "/administrations/{int:administration_id}/people/{int:person_id}/reactivate",
    response={200: PersonHistoryOut, **ERRORS},
)
def reactivate_person(request, administration_id: int, person_id: int):
    """Let the person sign in again; roles are granted anew."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    person = permissions.access_person(user, administration, person_id)
    if not permissions.can_change_account(user, person):
        raise PermissionDenied
    people.reactivate_person(person=person, by=user, administration=administration)
    return _with_history(person, administration)


@router.post(
    "/administrations/{int:administration_id}/people/import/preview",
    response={200: PeopleImportPreviewOut, **ERRORS},
)
def preview_people_import(request, administration_id: int, file: File[UploadedFile]):
    """What importing the file would do, row by row, with every error; writes nothing.
    CSV (UTF-8, `;` or `,`) or .xlsx, at most 1 MB and 5,000 rows (docs/people.md)."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    rows = _rows(file)
    return people_import.plan_people_import(rows=rows, by=user, administration=administration)


@router.post(
    "/administrations/{int:administration_id}/people/import",
    response={201: PeopleImportResultOut, **ERRORS},
)
def import_people(request, administration_id: int, file: File[UploadedFile]):
    """Import the file all or nothing; any row with an error refuses the whole file (400,
    `errors` keyed `rows.<row>.<column>`) and nothing is written."""
    user = user_of(request)
    administration = permissions.access_administration_for_people_manage(user, administration_id)
    rows = _rows(file)
    try:
        result = people_import.apply_people_import(
            rows=rows, by=user, administration=administration
        )
    except people_import.PeopleImportRefused as refused:
        errors: dict[str, list[str]] = {}
        for number, error in refused.plan.errors:
            key = f"rows.{number}.{error.column}" if error.column else f"rows.{number}"
            errors.setdefault(key, []).append(error.message)
        raise ValidationError(errors) from refused
    return HttpStatus(201, result)


def _rows(file: UploadedFile) -> list[dict]:
    if file.size > people_import.MAX_FILE_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("The file is %(size)s kB; at most %(limit)s kB are read.")
                    % {"size": file.size // 1000, "limit": people_import.MAX_FILE_BYTES // 1000}
                ]
            }
        )
    try:
        return people_import.read_people_file(name=file.name or "", data=file.read())
    except people_import.PeopleFileError as error:
        raise ValidationError({"file": [str(error)]}) from error


def _board(administration, code: str) -> Board:
    board = Board.objects.filter(
        administration=administration, code=canonical_board_code(code)
    ).first()
    if board is None:
        raise ValidationError(
            {
                "board": [
                    _("%(administration)s has no board with the code %(code)s.")
                    % {"administration": administration.name, "code": code}
                ]
            }
        )
    return board


def _with_history(person, administration):
    history = list(people.memberships_of_person(person=person, administration=administration))
    return Extended(person, roles_here=[m for m in history if m.is_current], history=history)
