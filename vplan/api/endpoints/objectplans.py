"""IT object plans: the list, one plan in full, its Word/PDF report and exchange file, importing
one, and what controllers change on the page (approve a version, link an activity, budget lines,
allocation keys, shared posts, last year's forecast).

The same operations as the object plan pages (vplan/objectplans/views.py):
`approve_object_plan_version`, `link_object_plan_activity`, the functions of
`vplan/objectplans/budgeting.py`, `build_object_plan_report` with its renderers,
`dumps_exchange` and `load_parsed_object_plan`. Members of the object's administration read;
its controllers and administrators change. Everyone else: 404 (as on the pages).

Amounts are strings with two decimals in answers ("1107850.00"), so no reader turns them into
floats; in requests they are strings as the plan writes them ("1 107 850,00" or "1107850.00")
or whole numbers.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from vplan.api import references
from vplan.api.access import user_of
from vplan.api.downloads import attachment, file_responses
from vplan.api.errors import error_body, field_errors, summary
from vplan.api.paging import paged
from vplan.api.schemas.common import ERRORS, ErrorOut, Extended
from vplan.api.schemas.objectplans import (
    AllocationKeyIn,
    AllocationKeyOut,
    Amount,
    ApproveIn,
    BudgetLineIn,
    BudgetLineOut,
    BudgetOut,
    ForecastIn,
    LinkIn,
    ObjectPlanActivityOut,
    ObjectPlanDetailOut,
    ObjectPlanImportOut,
    ObjectPlanOut,
    SharedPostIn,
    SharedPostOut,
    VersionOut,
    budget_of,
)
from vplan.followups.access import readable_activities_in_year
from vplan.imports.objectplan_uploads import import_object_plan_upload
from vplan.imports.read_objectplan import ObjectPlanParseError
from vplan.objectplans import budgeting, object_plan_activities
from vplan.objectplans.access import (
    access_object_plan_for_manage,
    access_object_plan_for_view,
    readable_object_plans,
)
from vplan.objectplans.approval import ApprovalRefused, approve_object_plan_version
from vplan.objectplans.exchange import dumps_exchange
from vplan.objectplans.load import ObjectPlanLoadError
from vplan.objectplans.models import (
    AllocationKey,
    BudgetLine,
    ObjectPlan,
    ObjectPlanActivity,
    ObjectPlanVersion,
    SharedBudgetPost,
)
from vplan.objectplans.money import parse_amount
from vplan.objectplans.render_docx import render_docx
from vplan.objectplans.render_pdf import render_pdf
from vplan.objectplans.report import build_object_plan_report
from vplan.organisation import permissions

router = Router(tags=["object plans"])

REPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _amount(value: Amount | None, *, field: str = "amount") -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_amount(str(value))
    except ValueError as error:
        raise ValidationError(
            {field: _("Write an amount in kronor, like 1 234 567,50.")}
        ) from error


def _detail(user, object_plan: ObjectPlan) -> Extended:
    """Everything the object plan page shows, read as the page reads it (`object_plan` from
    the access check, with its object and administration)."""
    plan = object_plan
    prefetch_related_objects([plan], "versions__approved_by", "it_object__roles")
    return Extended(
        plan,
        can_manage=permissions.can_manage_administration(user, plan.administration),
        goal_areas=plan.goal_areas.prefetch_related("goals"),
        activities=ObjectPlanActivity.objects.filter(object_plan=plan).with_linked_status(user),
        budget_lines=BudgetLine.objects.filter(object_plan=plan).with_boards(),
        allocation_keys=plan.allocation_keys.prefetch_related("shares__board"),
        shared_posts=plan.shared_posts.select_related("key").prefetch_related(
            "key__shares__board", "lines__board"
        ),
    )


def _state_refused(error: ValidationError, field: str):
    """409: the plan's state does not allow it (the answer names `field`)."""
    messages = field_errors(error)
    errors = {field: [m for found in messages.values() for m in found]}
    return Status(409, error_body(summary(errors), "state", errors))


# --- reading -------------------------------------------------------------------------------


@router.get("/objectplans", response={200: list[ObjectPlanOut], 401: ErrorOut})
@paged
def list_object_plans(request, year: int | None = None):
    """The object plans of the caller's administrations (none for an anonymous caller)."""
    plans = readable_object_plans(user_of(request)).prefetch_related("versions")
    if year is not None:
        plans = plans.filter(year=year)
    return plans


@router.get("/objectplans/{int:object_plan_id}", response={200: ObjectPlanDetailOut, **ERRORS})
def get_object_plan(request, object_plan_id: int):
    """The plan as its page shows it: versions, goals, activities with their linked status, the
    budget with its totals per board and kind, keys and shared posts."""
    user = user_of(request)
    object_plan = access_object_plan_for_view(user, object_plan_id)
    return _detail(user, object_plan)


@router.get(
    "/objectplans/{int:object_plan_id}/report/{format}",
    response=ERRORS,
    openapi_extra=file_responses(*REPORT_TYPES.values()),
)
def download_report(request, object_plan_id: int, format: str):
    """The plan laid out as an object plan document is, as Word (docx) or PDF."""
    object_plan = access_object_plan_for_view(user_of(request), object_plan_id)
    if format not in REPORT_TYPES:
        raise Http404
    report = build_object_plan_report(object_plan=object_plan, language=request.LANGUAGE_CODE)
    content = render_docx(report) if format == "docx" else render_pdf(report)
    return attachment(
        content, content_type=REPORT_TYPES[format], filename=f"{report.filename_stem}.{format}"
    )


@router.get(
    "/objectplans/{int:object_plan_id}/export",
    response=ERRORS,
    openapi_extra=file_responses(
        "application/json", description="The Vplan exchange file (docs/objectplans.md)."
    ),
)
def export(request, object_plan_id: int):
    """The plan as a Vplan exchange file, to load back here or into another Vplan."""
    object_plan = access_object_plan_for_view(user_of(request), object_plan_id)
    name = f"objektplan-{object_plan.it_object.short_name}-{object_plan.year}.json".lower()
    return attachment(
        dumps_exchange(object_plan),
        content_type="application/json; charset=utf-8",
        filename=name,
    )


# --- importing -----------------------------------------------------------------------------


@router.post(
    "/objectplans/import", response={200: ObjectPlanImportOut, 201: ObjectPlanImportOut, **ERRORS}
)
def import_object_plan(request, file: File[UploadedFile], administration: Form[int | None] = None):
    """Import an object plan (multipart `file`: the plan as Markdown text, or a Vplan exchange
    file .json), creating or updating the object's plan for its year, all or nothing. 201 when
    something changed. `administration` (id) is needed only for an object new to Vplan when
    you manage several administrations. For controllers and administrators."""
    user = user_of(request)
    managed = permissions.managed_administrations(user)
    if not managed.exists():
        raise PermissionDenied
    target = None
    if administration is not None:
        target = managed.filter(pk=administration).first()
        if target is None:
            raise ValidationError(
                {
                    "administration": _("%(value)s: no administration you manage.")
                    % {"value": administration}
                }
            )
    try:
        result = import_object_plan_upload(
            upload=file, by=user, administration=target, managed=managed
        )
    except (ObjectPlanParseError, ObjectPlanLoadError, ValueError) as error:
        raise ValidationError({"file": [str(error)]}) from error
    plan = (
        ObjectPlan.objects.with_object().prefetch_related("versions").get(pk=result.object_plan.pk)
    )
    return Status(201 if result.changed_anything else 200, Extended(result, object_plan=plan))


# --- changing: versions and activity links -------------------------------------------------


@router.post(
    "/objectplans/{int:object_plan_id}/versions/approve", response={200: VersionOut, **ERRORS}
)
def approve_version(request, object_plan_id: int, payload: ApproveIn):
    """Mark a version step as reached: preliminary (0.8) and final (0.9) by the object owners,
    decided (1.0) by the board, revised (2.0, 2.1 ...). 409 when the plan is past that step."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    try:
        version = approve_object_plan_version(
            object_plan=object_plan,
            state=payload.state,
            by=user,
            approved_on=payload.approved_on,
            approver_name=payload.approver_name,
            comment=payload.comment,
        )
    except ApprovalRefused as error:
        return _state_refused(error, "state")
    return ObjectPlanVersion.objects.select_related("approved_by").get(pk=version.pk)


@router.post(
    "/objectplans/{int:object_plan_id}/activities/{int:item_id}/link",
    response={200: ObjectPlanActivityOut, **ERRORS},
)
def link_activity(request, object_plan_id: int, item_id: int, payload: LinkIn):
    """Make one of the plan's prioritised activities the same as an activity of an activity
    plan of the same year (null: unlink), so one status report serves both."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    item = get_object_or_404(ObjectPlanActivity, pk=item_id, object_plan=object_plan)
    activity = None
    if payload.activity is not None:
        activity = (
            readable_activities_in_year(user, object_plan.year).filter(pk=payload.activity).first()
        )
        if activity is None:
            raise ValidationError(
                {
                    "activity": _("%(value)s: no activity of a %(year)s plan you may read.")
                    % {"value": payload.activity, "year": object_plan.year}
                }
            )
    try:
        object_plan_activities.link_object_plan_activity(item=item, activity=activity, by=user)
    except ValidationError as error:
        raise ValidationError({"activity": error.messages}) from error
    return ObjectPlanActivity.objects.filter(pk=item.pk).with_linked_status(user).get()


# --- changing: the budget ------------------------------------------------------------------


@router.post(
    "/objectplans/{int:object_plan_id}/budget/lines", response={201: BudgetLineOut, **ERRORS}
)
def add_budget_line(request, object_plan_id: int, payload: BudgetLineIn):
    """A budget line for one board and kind (VM: maintaining, VU: further development)."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    line = budgeting.add_budget_line(
        object_plan=object_plan,
        board=references.boards([payload.board], field="board")[0],
        kind=payload.kind,
        amount=_amount(payload.amount),
        system=payload.system,
        description=payload.description,
        by=user,
    )
    return Status(201, BudgetLine.objects.with_boards().get(pk=line.pk))


@router.delete(
    "/objectplans/{int:object_plan_id}/budget/lines/{int:line_id}",
    response={204: None, **ERRORS},
)
def remove_budget_line(request, object_plan_id: int, line_id: int):
    """Soft delete; a share of a shared post is removed with its post (409 here)."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    line = get_object_or_404(object_plan.budget_lines.all(), pk=line_id)
    try:
        budgeting.remove_budget_line(line=line, by=user)
    except ValidationError as error:
        return _state_refused(error, "__all__")
    return Status(204, None)


@router.post(
    "/objectplans/{int:object_plan_id}/budget/keys", response={201: AllocationKeyOut, **ERRORS}
)
def add_allocation_key(request, object_plan_id: int, payload: AllocationKeyIn):
    """A key for shared costs, e.g. BoU/BiN 70/30; its order breaks rounding ties."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    shares = [
        (references.boards([share.board], field=f"shares.{index}.board")[0], share.weight)
        for index, share in enumerate(payload.shares)
    ]
    try:
        key = budgeting.add_allocation_key(
            object_plan=object_plan, shares=shares, text=payload.text, by=user
        )
    except ValidationError as error:
        raise ValidationError({"shares": error.messages}) from error
    return Status(201, AllocationKey.objects.prefetch_related("shares__board").get(pk=key.pk))


@router.post(
    "/objectplans/{int:object_plan_id}/budget/shared-posts",
    response={201: SharedPostOut, **ERRORS},
)
def add_shared_post(request, object_plan_id: int, payload: SharedPostIn):
    """A cost shared by the boards of an allocation key, split into one budget line per board
    so that the lines add up exactly to the amount."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    key = object_plan.allocation_keys.filter(pk=payload.key).first()
    if key is None:
        raise ValidationError(
            {"key": _("%(value)s: no allocation key of this plan.") % {"value": payload.key}}
        )
    post = budgeting.add_shared_budget_post(
        object_plan=object_plan,
        key=key,
        kind=payload.kind,
        amount=_amount(payload.amount),
        system=payload.system,
        description=payload.description,
        by=user,
    )
    post = (
        SharedBudgetPost.objects.select_related("key")
        .prefetch_related("key__shares__board", "lines__board")
        .get(pk=post.pk)
    )
    return Status(201, post)


@router.delete(
    "/objectplans/{int:object_plan_id}/budget/shared-posts/{int:post_id}",
    response={204: None, **ERRORS},
)
def remove_shared_post(request, object_plan_id: int, post_id: int):
    """Soft delete the post and its budget lines."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    post = get_object_or_404(object_plan.shared_posts.all(), pk=post_id)
    budgeting.remove_shared_budget_post(post=post, by=user)
    return Status(204, None)


@router.post(
    "/objectplans/{int:object_plan_id}/budget/forecast", response={200: BudgetOut, **ERRORS}
)
def set_forecast(request, object_plan_id: int, payload: ForecastIn):
    """Last year's forecast and why this year's budget differs; answers the budget's totals."""
    user = user_of(request)
    object_plan = access_object_plan_for_manage(user, object_plan_id)
    budgeting.set_budget_forecast(
        object_plan=object_plan,
        forecast=_amount(payload.forecast, field="forecast"),
        explanation=payload.explanation,
        by=user,
    )
    return budget_of(ObjectPlan.objects.get(pk=object_plan.pk))
