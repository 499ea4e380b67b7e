"""The import page: upload a follow-up report, look at what it would create, import or cancel.

Controllers and administrators of an administration (and superusers) may import into it. The
upload is parsed at once and kept as a `PendingImport` (database, not disk or session), so the
preview and the confirmation may reach any worker. With htmx the form posts in place and shows
that the document is being read; without it, the same forms post and redirect. Confirming a
large report (vplan.imports.import_jobs) hands it to a worker and shows the job's page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vplan import htmx

from .access import access_pending_import, importing_administrations
from .forms import BoardChoicesForm, UploadForm
from .import_jobs import (
    enqueue_report_import,
    enqueue_upload_reading,
    is_large_import,
    is_large_upload,
    pending_activity_rows,
)
from .load import DifferenceChanged
from .models import DocumentImport
from .parsed import ImportFormatError
from .preview import preview_import
from .registry import boards_for_mapping, boards_in
from .uploads import (
    commit_pending_import,
    describe_result,
    discard_pending_import,
    pending_document,
    stage_import,
    upload_bytes,
)

RECENT_IMPORTS = 20


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    administrations = importing_administrations(request.user)
    if not administrations.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, administrations=administrations)
    else:
        form = UploadForm(administrations=administrations)
    if form.is_bound and form.is_valid():
        file = form.cleaned_data["file"]
        administration = form.cleaned_data["administration"]
        try:
            data = upload_bytes(file)
            if is_large_upload(len(data)):  # even reading it is slow: a worker reads it
                job = enqueue_upload_reading(
                    name=file.name, data=data, administration=administration, by=request.user
                )
                return htmx.go_to(request, reverse("jobs:job", args=[job.pk]))
            pending = stage_import(
                name=file.name, data=data, administration=administration, by=request.user
            )
        except ImportFormatError as error:
            form.add_error("file", str(error))
        else:
            return htmx.go_to(request, reverse("imports:preview", args=[pending.pk]))
    status = 422 if request.method == "POST" else 200
    if htmx.is_htmx(request):
        return render(request, "imports/upload.html#upload-form", {"form": form}, status=status)
    recent = (
        DocumentImport.objects.filter(plan__administration__in=administrations)
        .select_related("plan__administration", "round", "imported_by")
        .order_by("-imported_at")[:RECENT_IMPORTS]
    )
    context = {"form": form, "recent": recent}
    return render(request, "imports/upload.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def preview(request, pk):
    pending = access_pending_import(request.user, pk)
    return _preview_page(request, pending)


@login_required
@require_POST
def confirm(request, pk):
    pending = access_pending_import(request.user, pk)
    form = _board_form(pending, request.POST)
    if not form.is_valid():
        return _preview_page(request, pending, form=form, status=422)
    if is_large_import(pending_activity_rows(pending)):
        job = enqueue_report_import(
            pending=pending,
            by=request.user,
            board_choices=form.board_choices(),
            apply_changes=True,
            expected_difference=request.POST.get("difference") or None,
        )
        return htmx.go_to(request, reverse("jobs:job", args=[job.pk]))
    try:
        result = commit_pending_import(
            pending=pending,
            by=request.user,
            board_choices=form.board_choices(),
            expected_difference=request.POST.get("difference") or None,
        )
    except DifferenceChanged as error:
        messages.error(request, error.message)
        return _preview_page(request, pending, form=form, status=409)
    except (ImportFormatError, ValidationError) as error:
        problem = error.message if isinstance(error, ImportFormatError) else _messages(error)
        messages.error(
            request,
            _("%(file)s could not be imported, nothing was written: %(problem)s")
            % {"file": pending.source_name, "problem": problem},
        )
        return htmx.go_to(request, reverse("imports:preview", args=[pending.pk]))
    notify = messages.success if result.created else messages.info
    notify(request, describe_result(result, source=pending.source_name))
    return htmx.go_to(request, reverse("plans:plan", args=[result.plan.pk]))


def _board_form(pending, data=None) -> BoardChoicesForm:
    """A choice for each board code of the report that is not a board of Vplan."""
    entries = boards_in(pending_document(pending), administration=pending.administration)
    return BoardChoicesForm(
        data,
        entries=[entry for entry in entries if entry.board is None],
        boards=boards_for_mapping(pending.administration).order_by("order", "display_code"),
    )


def _preview_page(request, pending, *, form=None, status=200):
    """The preview, with the differences as they are with the board choices made (if any)."""
    form = form or _board_form(pending)
    choices = form.board_choices() if form.is_bound and form.is_valid() else None
    preview = preview_import(
        parsed=pending_document(pending),
        administration=pending.administration,
        sha256=pending.sha256,
        board_choices=choices,
    )
    context = {"pending": pending, "preview": preview, "form": form}
    return render(request, "imports/preview.html", context, status=status)


@login_required
@require_POST
def cancel(request, pk):
    pending = access_pending_import(request.user, pk)
    name = pending.source_name
    discard_pending_import(pending=pending)
    messages.info(request, _("%(file)s was not imported.") % {"file": name})
    return htmx.go_to(request, reverse("imports:upload"))


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)
