"""The boards page: a controller or administrator of an administration keeps its boards (names,
codes, order) and retires a board that was merged or renamed; nothing is deleted, and every
change is in the trail. The operations are those of boards.py, which the API can call too."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vplan.audit.trail import UNCHANGED, history_of
from vplan.organisation import people as people_operations
from vplan.organisation import people_import, permissions
from vplan.organisation.boards import create_board, reactivate_board, retire_board, update_board
from vplan.organisation.forms import (
    AddPersonForm,
    BoardForm,
    EndRoleForm,
    GrantRoleForm,
    PeopleFilterForm,
    PeopleImportForm,
    PersonForm,
    RetireBoardForm,
)
from vplan.organisation.invitations import send_password_link
from vplan.organisation.memberships import end_membership, grant_membership
from vplan.organisation.models import Board
from vplan.organisation.people import people_of


@login_required
@require_http_methods(["GET"])
def boards_index(request):
    """The boards of the administrations the user manages; straight there when it is one."""
    administrations = list(permissions.managed_administrations(request.user).order_by("name"))
    if not administrations:
        raise PermissionDenied
    if len(administrations) == 1:
        return redirect("organisation:boards", administrations[0].pk)
    return render(request, "organisation/boards_index.html", {"administrations": administrations})


@login_required
@require_http_methods(["GET", "POST"])
def boards(request, pk):
    administration = permissions.access_administration_for_manage(request.user, pk)
    form = BoardForm(request.POST or None)
    if form.is_valid():
        try:
            board = create_board(
                administration=administration, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            messages.success(request, _("The board %(board)s is added.") % {"board": board.name})
            return redirect("organisation:boards", administration.pk)
    listed = (
        Board.objects.of_administration(administration)
        .select_related("replaced_by")
        .order_by("-is_active", "order", "display_code")
    )
    context = {"administration": administration, "boards": listed, "form": form}
    return render(request, "organisation/boards.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def board(request, pk):
    board = permissions.access_board_for_manage(request.user, pk)
    initial = {"display_code": board.display_code, "name": board.name, "order": board.order}
    form = BoardForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            data = form.cleaned_data
            changes = update_board(
                board=board,
                by=request.user,
                name=data["name"],
                display_code=data["display_code"],
                order=UNCHANGED if data["order"] is None else data["order"],
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            if changes:
                messages.success(
                    request, _("The board %(board)s is saved.") % {"board": board.name}
                )
            return _back_to_list(board)
    return _board_page(request, board, form=form, status=422 if form.errors else 200)


@login_required
@require_POST
def retire(request, pk):
    board = permissions.access_board_for_manage(request.user, pk)
    form = RetireBoardForm(request.POST, board=board)
    if not form.is_valid():
        return _board_page(request, board, retire_form=form, status=422)
    retire_board(board=board, by=request.user, replaced_by=form.cleaned_data["replaced_by"])
    messages.success(request, _("The board %(board)s is inactive.") % {"board": board.name})
    return _back_to_list(board)


@login_required
@require_POST
def reactivate(request, pk):
    board = permissions.access_board_for_manage(request.user, pk)
    reactivate_board(board=board, by=request.user)
    messages.success(request, _("The board %(board)s is active again.") % {"board": board.name})
    return _back_to_list(board)


def _back_to_list(board: Board):
    if board.administration_id is None:
        return redirect("organisation:board", board.pk)
    return redirect("organisation:boards", board.administration_id)


def _board_page(request, board, *, form=None, retire_form=None, status=200):
    initial = {"display_code": board.display_code, "name": board.name, "order": board.order}
    context = {
        "board": board,
        "form": form or BoardForm(initial=initial),
        "retire_form": retire_form or RetireBoardForm(board=board),
        "history": _history(board),
    }
    return render(request, "organisation/board.html", context, status=status)


def _history(board: Board) -> list[tuple]:
    """The board's recorded changes, newest first, each field by its name in the page's language."""
    rows = []
    for change in history_of(board)[:50]:
        fields = [
            (_field_label(name), old, new) for name, (old, new) in (change.changes or {}).items()
        ]
        rows.append((change, fields))
    return rows


def _field_label(name: str) -> str:
    try:
        return str(Board._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed: shown by its name
        return name


# People and roles ------------------------------------------------------------------------------
# Administrators of an administration add people, grant and end their roles, deactivate and
# reactivate them; controllers read the list and each person's history. The operations are
# those of people.py, memberships.py and people_import.py, which the API and `vplan people`
# call too.

PEOPLE_PER_PAGE = 50
IMPORT_TOKEN_MAX_AGE = 60 * 60  # seconds a preview may be confirmed after it was made


@login_required
@require_http_methods(["GET"])
def people_index(request):
    """The people of the administrations the user may see; straight there when it is one."""
    administrations = list(
        permissions.people_readable_administrations(request.user).order_by("name")
    )
    if not administrations:
        raise PermissionDenied
    if len(administrations) == 1:
        return redirect("organisation:people", administrations[0].pk)
    return render(request, "organisation/people_index.html", {"administrations": administrations})


@login_required
@require_http_methods(["GET"])
def people(request, pk):
    administration = permissions.access_administration_for_people(request.user, pk)
    filters = PeopleFilterForm(request.GET or None, administration=administration)
    status, page = 200, None
    if filters.is_bound and not filters.is_valid():
        status = 400
    else:
        listed = people_of(
            administration=administration,
            board=filters.value("board"),
            role=filters.value("role") or "",
            text=filters.value("q") or "",
            former=bool(filters.value("former")),
        )
        page = Paginator(listed, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "administration": administration,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "can_manage": permissions.can_manage_people(request.user, administration),
    }
    return render(request, "organisation/people.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def add_person(request, pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    form = AddPersonForm(request.POST or None, administration=administration)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person, created = people_operations.add_person(
                administration=administration,
                username=data["username"],
                name=data["name"],
                email=data["email"],
                role=data["role"],
                board=data["board"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            name = people_operations.full_name(person)
            if created:
                messages.success(request, _("%(name)s is added.") % {"name": name})
                if data["send_link"]:
                    _send_link(request, person, administration)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s had an account already: the role is granted, the name and "
                        "e-mail address are left as they were."
                    )
                    % {"name": name},
                )
            return redirect("organisation:person", administration.pk, person.pk)
    context = {
        "administration": administration,
        "form": form,
        "mail_configured": getattr(settings, "VPLAN_EMAIL_CONFIGURED", True),
    }
    return render(
        request, "organisation/person_add.html", context, status=422 if form.errors else 200
    )


@login_required
@require_http_methods(["GET"])
def person(request, pk, person_pk):
    administration = permissions.access_administration_for_people(request.user, pk)
    person = permissions.access_person(request.user, administration, person_pk)
    return _person_page(request, administration, person)


@login_required
@require_POST
def grant_role(request, pk, person_pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    person = permissions.access_person(request.user, administration, person_pk)
    form = GrantRoleForm(request.POST, administration=administration)
    if form.is_valid():
        try:
            membership = grant_membership(
                user=person,
                administration=administration,
                board=form.cleaned_data["board"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("%(name)s is %(role)s on %(where)s.")
                % {
                    "name": people_operations.full_name(person),
                    "role": membership.get_role_display(),
                    "where": _where(membership),
                },
            )
            return redirect("organisation:person", administration.pk, person.pk)
    return _person_page(request, administration, person, grant_form=form, status=422)


@login_required
@require_POST
def end_role(request, pk, membership_pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    membership = permissions.access_membership_for_manage(
        request.user, administration, membership_pk
    )
    form = EndRoleForm(request.POST)
    if not form.is_valid():
        return _person_page(request, administration, membership.user, end_form=form, status=422)
    try:
        end_membership(membership=membership, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The role %(role)s on %(where)s has ended.")
            % {"role": membership.get_role_display(), "where": _where(membership)},
        )
    return redirect("organisation:person", administration.pk, membership.user_id)


@login_required
@require_POST
def edit_person(request, pk, person_pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    person = permissions.access_person(request.user, administration, person_pk)
    if not permissions.can_change_account(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            people_operations.update_person(
                person=person, by=request.user, administration=administration, **form.cleaned_data
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The details are saved."))
            return redirect("organisation:person", administration.pk, person.pk)
    return _person_page(request, administration, person, person_form=form, status=422)


@login_required
@require_POST
def deactivate_person(request, pk, person_pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    person = permissions.access_person(request.user, administration, person_pk)
    form = EndRoleForm(request.POST)
    if not form.is_valid():
        return _person_page(request, administration, person, end_form=form, status=422)
    deactivated = people_operations.deactivate_person(
        person=person,
        administration=administration,
        by=request.user,
        reason=form.cleaned_data["reason"],
    )
    name = people_operations.full_name(person)
    if deactivated:
        messages.success(
            request, _("%(name)s is deactivated and can no longer sign in.") % {"name": name}
        )
    else:
        messages.success(
            request,
            _(
                "%(name)s's roles in %(administration)s have ended. The account stays active: "
                "the person has roles elsewhere, or you may not deactivate it."
            )
            % {"name": name, "administration": administration.name},
        )
    return redirect("organisation:person", administration.pk, person.pk)


@login_required
@require_POST
def reactivate_person(request, pk, person_pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    person = permissions.access_person(request.user, administration, person_pk)
    if not permissions.can_change_account(request.user, person):
        raise PermissionDenied
    try:
        people_operations.reactivate_person(
            person=person, by=request.user, administration=administration
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s can sign in again; grant the roles the person needs.")
            % {"name": people_operations.full_name(person)},
        )
    return redirect("organisation:person", administration.pk, person.pk)


@login_required
@require_POST
def send_link(request, pk, person_pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    person = permissions.access_person(request.user, administration, person_pk)
    if not permissions.can_change_account(request.user, person):
        raise PermissionDenied
    _send_link(request, person, administration)
    return redirect("organisation:person", administration.pk, person.pk)


def _send_link(request, person, administration) -> None:
    name = people_operations.full_name(person)
    if not person.email:
        messages.warning(
            request,
            _("%(name)s has no e-mail address: no link to choose a password was sent.")
            % {"name": name},
        )
        return
    base_url = request.build_absolute_uri("/")
    if send_password_link(person=person, base_url=base_url, administration=administration):
        messages.success(
            request,
            _("A link to choose a password was sent to %(email)s.") % {"email": person.email},
        )
    else:
        messages.warning(
            request,
            _(
                "The link to choose a password could not be sent (e-mail is not set up or "
                "the mail server did not answer). The person can sign in with single sign-on, "
                "or you can send the link again later."
            ),
        )


def _where(membership) -> str:
    if membership.board is None:
        return _("all boards")
    return membership.board.display_code


def _person_page(
    request,
    administration,
    person,
    *,
    grant_form=None,
    end_form=None,
    person_form=None,
    status=200,
):
    history = list(
        people_operations.memberships_of_person(person=person, administration=administration)
    )
    initial = {"name": person.get_full_name(), "email": person.email}
    context = {
        "administration": administration,
        "person": person,
        "current": [m for m in history if m.is_current],
        "history": history,
        "changes": _person_changes(person),
        "can_manage": permissions.can_manage_people(request.user, administration),
        "can_change_account": permissions.can_change_account(request.user, person),
        "grant_form": grant_form or GrantRoleForm(administration=administration),
        "end_form": end_form or EndRoleForm(),
        "person_form": person_form or PersonForm(initial=initial),
    }
    return render(request, "organisation/person.html", context, status=status)


def _person_changes(person) -> list:
    """The recorded changes of the account itself (created, name, e-mail, deactivated)."""
    labels = {
        "username": _("Username"),
        "name": _("Name"),
        "email": _("E-mail"),
        "is_active": _("Active"),
    }
    rows = []
    for change in history_of(person)[:50]:
        fields = [
            (labels.get(name, name), old, new)
            for name, (old, new) in (change.changes or {}).items()
        ]
        rows.append((change, fields))
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def import_people(request, pk):
    """Upload a file of people and roles: the preview says per row what would happen, and
    lists every error; nothing is written until the preview is confirmed."""
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > people_import.MAX_FILE_BYTES:
                raise people_import.PeopleFileError(
                    _("The file is %(size)s kB; at most %(limit)s kB are read.")
                    % {
                        "size": upload.size // 1000,
                        "limit": people_import.MAX_FILE_BYTES // 1000,
                    }
                )
            rows = people_import.read_people_file(name=upload.name, data=upload.read())
        except people_import.PeopleFileError as error:
            form.add_error("file", str(error))
        else:
            plan = people_import.plan_people_import(
                rows=rows, by=request.user, administration=administration
            )
            return _import_preview(request, administration, plan, rows, name=upload.name)
    context = {"administration": administration, "form": form}
    return render(
        request, "organisation/people_import.html", context, status=422 if form.errors else 200
    )


@login_required
@require_POST
def import_people_confirm(request, pk):
    administration = permissions.access_administration_for_people_manage(request.user, pk)
    try:
        payload = signing.loads(
            request.POST.get("token", ""),
            salt=_import_salt(request, administration),
            max_age=IMPORT_TOKEN_MAX_AGE,
        )
    except signing.BadSignature:
        messages.error(request, _("The preview is too old or not yours: upload the file again."))
        return redirect("organisation:import_people", administration.pk)
    try:
        result = people_import.apply_people_import(
            rows=payload["rows"], by=request.user, administration=administration
        )
    except people_import.PeopleImportRefused as refused:
        return _import_preview(
            request, administration, refused.plan, payload["rows"], name=payload["name"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organisation:import_people", administration.pk)
    messages.success(
        request,
        _(
            "Imported from %(name)s: %(people)s new people, %(roles)s roles granted, "
            "%(unchanged)s rows unchanged."
        )
        % {
            "name": payload["name"],
            "people": result.people_created,
            "roles": result.roles_granted,
            "unchanged": result.unchanged,
        },
    )
    return redirect("organisation:people", administration.pk)


def _import_salt(request, administration) -> str:
    return f"vplan.people-import:{administration.pk}:{request.user.pk}"


def _import_preview(request, administration, plan, rows, *, name):
    # What the confirmation posts back: the rows, signed for this user and administration.
    confirmation = None
    if not plan.has_errors:
        confirmation = signing.dumps(
            {"rows": rows, "name": name},
            salt=_import_salt(request, administration),
            compress=True,
        )
    context = {
        "administration": administration,
        "plan": plan,
        "confirmation": confirmation,
        "name": name,
    }
    return render(
        request,
        "organisation/people_import_preview.html",
        context,
        status=422 if plan.has_errors else 200,
    )
