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

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import BeforeValidator, Field

from vplan.api import references
from vplan.api.access import user_of
from vplan.api.downloads import attachment, file_responses
from vplan.api.errors import error_body, field_errors, summary
from vplan.api.schemas.common import ERRORS, ErrorOut, StrictIn
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
Kind = Literal["VM", "VU"]  # BudgetKind's values
# An amount as text, or a whole number of kronor (never a float: money is exact).
Amount = Annotated[str, BeforeValidator(lambda v: str(v) if type(v) is int else v)]


# --- shapes --------------------------------------------------------------------------------


class ITObjectOut(Schema):
    id: int
    short_name: str
    name: str
    administration_id: int


class VersionOut(Schema):
    id: int
    number: str
    state: str = Field(description="draft, preliminary, final, decided or revised")
    state_label: str
    date: datetime.date | None = Field(description="When it was reached (approved).")
    approver: str = Field(description="Who approved, as the plan names them.")
    approved_by: str | None = Field(description="The Vplan user who recorded the approval.")
    approved_at: datetime.datetime | None
    comment: str


class ObjectPlanOut(Schema):
    id: int
    it_object: ITObjectOut
    year: int
    title: str
    period_start: datetime.date
    period_end: datetime.date
    current_version: VersionOut | None


class RoleOut(Schema):
    kind: str = Field(description="owner or leader")
    name: str
    title: str


class GoverningDocumentOut(Schema):
    id: int
    number: int
    title: str
    goal: str
    impact: str


class GoalOut(Schema):
    id: int
    code: str = Field(description="'1' for a goal, '1:1' for a sub-goal.")
    title: str
    description: str
    parent_id: int | None


class GoalAreaOut(Schema):
    id: int
    unit: str
    heading: str
    text: str
    goals: list[GoalOut]


class LinkedActivityOut(Schema):
    id: int
    plan_id: int
    year: int
    text: str


class ObjectPlanActivityOut(Schema):
    id: int
    unit: str
    text: str
    activity: LinkedActivityOut | None = Field(description="The same activity in a plan.")
    status: str = Field(description="The linked activity's current status, if any.")


class FollowUpItemOut(Schema):
    id: int
    kind: str = Field(description="delay or overrun")
    text: str
    reason: str


class BoardBudgetOut(Schema):
    board: str
    amounts: dict[str, str] = Field(description="Per kind: VM, VU.")
    total: str


class BudgetOut(Schema):
    total: str
    by_kind: dict[str, str]
    by_board: list[BoardBudgetOut]
    forecast: str | None = Field(description="Last year's forecast.")
    difference: str | None = Field(description="This year's total minus the forecast.")
    forecast_explanation: list[str] = Field(description="Why, one reason per line.")


class BudgetLineOut(Schema):
    id: int
    board: str
    board_id: int
    kind: str
    amount: str
    system: str
    description: str
    shared_post_id: int | None = Field(description="Set when the line is a share of a post.")


class ShareOut(Schema):
    board: str
    board_id: int
    weight: str


class AllocationKeyOut(Schema):
    id: int
    label: str = Field(description="'BoU/BiN 70/30'")
    text: str
    shares: list[ShareOut]


class SharedPostOut(Schema):
    id: int
    key_id: int
    key: str
    kind: str
    amount: str
    system: str
    description: str
    lines: list[BudgetLineOut] = Field(description="Its shares, one line per board, exact.")


class ObjectPlanDetailOut(ObjectPlanOut):
    can_manage: bool
    purpose: str
    background: str
    follow_up_reasons: str
    direction: str
    maintenance_definition: str
    development_definition: str
    financing_principles: list[str]
    roles: list[RoleOut]
    versions: list[VersionOut]
    governing_documents: list[GoverningDocumentOut]
    goal_areas: list[GoalAreaOut]
    activities: list[ObjectPlanActivityOut]
    follow_up_items: list[FollowUpItemOut]
    budget: BudgetOut
    budget_lines: list[BudgetLineOut]
    allocation_keys: list[AllocationKeyOut]
    shared_posts: list[SharedPostOut]


class ImportResultOut(Schema):
    object_plan: ObjectPlanOut
    created: int
    changed: int
    deleted: int
    linked: int


class ApproveIn(StrictIn):
    state: Literal["preliminary", "final", "decided", "revised"]
    approved_on: datetime.date | None = Field(None, description="Default: today.")
    approver_name: str = Field("", max_length=300, description="E.g. 'Objektägarna (OÄ)'.")
    comment: str | None = None


class LinkIn(StrictIn):
    activity: int | None = Field(description="A plan activity of the same year; null unlinks.")


class BudgetLineIn(StrictIn):
    board: int | str = Field(description="Board id or code.")
    kind: Kind
    amount: Amount = Field(description="'1 234 567,50', '1234567.50' or a whole number.")
    system: str = Field("", max_length=200)
    description: str = Field("", max_length=500)


class ShareIn(StrictIn):
    board: int | str = Field(description="Board id or code.")
    weight: Decimal = Field(ge=0)


class AllocationKeyIn(StrictIn):
    shares: list[ShareIn] = Field(description="[{board: 'BoU', weight: 70}, ...], in order.")
    text: str = Field("", max_length=500, description="As written in the plan.")


class SharedPostIn(StrictIn):
    key: int = Field(description="An allocation key of this plan.")
    kind: Kind
    amount: Amount
    system: str = Field("", max_length=200)
    description: str = Field("", max_length=500)


class ForecastIn(StrictIn):
    forecast: Amount | None = Field(description="Last year's forecast; null: none.")
    explanation: str = Field("", description="Why this year differs, one reason per line.")


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _amount(value: Amount | None, *, field: str = "amount") -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_amount(str(value))
    except ValueError as error:
        raise ValidationError(
            {field: _("Write an amount in kronor, like 1 234 567,50.")}
        ) from error


def _version(version: ObjectPlanVersion | None) -> dict | None:
    if version is None:
        return None
    by = version.approved_by
    return {
        "id": version.pk,
        "number": version.number,
        "state": version.state,
        "state_label": version.get_state_display(),
        "date": version.date,
        "approver": version.approver_display,
        "approved_by": by.get_username() if by else None,
        "approved_at": version.approved_at,
        "comment": version.comment,
    }


def _summary(object_plan: ObjectPlan) -> dict:
    return {
        "id": object_plan.pk,
        "it_object": {
            "id": object_plan.it_object.pk,
            "short_name": object_plan.it_object.short_name,
            "name": object_plan.it_object.name,
            "administration_id": object_plan.it_object.administration_id,
        },
        "year": object_plan.year,
        "title": object_plan.display_title,
        "period_start": object_plan.period_start,
        "period_end": object_plan.period_end,
        "current_version": _version(object_plan.current_version()),
    }


def _line(line: BudgetLine) -> dict:
    return {
        "id": line.pk,
        "board": line.board.display_code,
        "board_id": line.board_id,
        "kind": line.kind,
        "amount": _money(line.amount),
        "system": line.system,
        "description": line.description,
        "shared_post_id": line.shared_post_id,
    }


def _key(key: AllocationKey) -> dict:
    return {
        "id": key.pk,
        "label": key.label,
        "text": key.text,
        "shares": [
            {
                "board": share.board.display_code,
                "board_id": share.board_id,
                "weight": f"{share.weight.normalize():f}",
            }
            for share in key.shares.all()
        ],
    }


def _post(post: SharedBudgetPost) -> dict:
    return {
        "id": post.pk,
        "key_id": post.key_id,
        "key": post.key.label,
        "kind": post.kind,
        "amount": _money(post.amount),
        "system": post.system,
        "description": post.description,
        "lines": [_line(line) for line in post.lines.all()],
    }


def _budget(object_plan: ObjectPlan) -> dict:
    budget = object_plan.budget()
    return {
        "total": _money(budget.total),
        "by_kind": {kind: _money(amount) for kind, amount in budget.by_kind.items()},
        "by_board": [
            {
                "board": board,
                "amounts": {kind: _money(amount) for kind, amount in amounts},
                "total": _money(total),
            }
            for board, amounts, total in budget.board_rows()
        ],
        "forecast": _money(budget.forecast),
        "difference": _money(budget.difference),
        "forecast_explanation": object_plan.forecast_reasons(),
    }


def _item(item: ObjectPlanActivity) -> dict:
    activity = item.activity
    return {
        "id": item.pk,
        "unit": item.unit,
        "text": item.text,
        "activity": {
            "id": activity.pk,
            "plan_id": activity.plan_id,
            "year": activity.plan.year,
            "text": activity.text,
        }
        if activity
        else None,
        "status": item.status_display,
    }


def _detail(user, object_plan: ObjectPlan) -> dict:
    """Everything the object plan page shows, read as the page reads it."""
    plan = (
        ObjectPlan.objects.with_object()
        .prefetch_related("versions__approved_by", "it_object__roles")
        .get(pk=object_plan.pk)
    )
    lines = BudgetLine.objects.filter(object_plan=plan).with_boards()
    posts = plan.shared_posts.select_related("key").prefetch_related(
        "key__shares__board", "lines__board"
    )
    return {
        **_summary(plan),
        "can_manage": permissions.can_manage_administration(user, plan.administration),
        "purpose": plan.purpose,
        "background": plan.background,
        "follow_up_reasons": plan.follow_up_reasons,
        "direction": plan.direction,
        "maintenance_definition": plan.maintenance_definition,
        "development_definition": plan.development_definition,
        "financing_principles": plan.financing_principle_list(),
        "roles": [
            {"kind": role.kind, "name": role.name, "title": role.title}
            for role in plan.it_object.roles.all()
            if not role.is_deleted
        ],
        "versions": [_version(v) for v in sorted(plan.versions.all(), key=lambda v: v.number_key)],
        "governing_documents": [
            {"id": d.pk, "number": d.number, "title": d.title, "goal": d.goal, "impact": d.impact}
            for d in plan.governing_documents.all()
        ],
        "goal_areas": [
            {
                "id": area.pk,
                "unit": area.unit,
                "heading": area.heading,
                "text": area.text,
                "goals": [
                    {
                        "id": goal.pk,
                        "code": goal.code,
                        "title": goal.title,
                        "description": goal.description,
                        "parent_id": goal.parent_id,
                    }
                    for goal in area.goals.all()
                ],
            }
            for area in plan.goal_areas.prefetch_related("goals")
        ],
        "activities": [
            _item(item)
            for item in ObjectPlanActivity.objects.filter(object_plan=plan).with_linked_status(user)
        ],
        "follow_up_items": [
            {"id": i.pk, "kind": i.kind, "text": i.text, "reason": i.reason}
            for i in plan.follow_up_items.all()
        ],
        "budget": _budget(plan),
        "budget_lines": [_line(line) for line in lines],
        "allocation_keys": [
            _key(key) for key in plan.allocation_keys.prefetch_related("shares__board")
        ],
        "shared_posts": [_post(post) for post in posts],
    }


def _state_refused(error: ValidationError, field: str):
    """409: the plan's state does not allow it (the answer names `field`)."""
    messages = field_errors(error)
    errors = {field: [m for found in messages.values() for m in found]}
    return Status(409, error_body(summary(errors), "state", errors))


# --- reading -------------------------------------------------------------------------------


@router.get("/objectplans", response={200: list[ObjectPlanOut], 401: ErrorOut})
def list_object_plans(request, year: int | None = None):
    """The object plans of the caller's administrations (none for an anonymous caller)."""
    plans = readable_object_plans(user_of(request)).prefetch_related("versions")
    if year is not None:
        plans = plans.filter(year=year)
    return [_summary(plan) for plan in plans]


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


@router.post("/objectplans/import", response={200: ImportResultOut, 201: ImportResultOut, **ERRORS})
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
    body = {
        "object_plan": _summary(plan),
        "created": result.created,
        "changed": result.changed,
        "deleted": result.deleted,
        "linked": result.linked,
    }
    return Status(201 if result.changed_anything else 200, body)


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
    return _version(ObjectPlanVersion.objects.select_related("approved_by").get(pk=version.pk))


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
    return _item(ObjectPlanActivity.objects.filter(pk=item.pk).with_linked_status(user).get())


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
    return Status(201, _line(BudgetLine.objects.with_boards().get(pk=line.pk)))


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
    return Status(201, _key(AllocationKey.objects.prefetch_related("shares__board").get(pk=key.pk)))


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
    return Status(201, _post(post))


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
    return _budget(ObjectPlan.objects.get(pk=object_plan.pk))
