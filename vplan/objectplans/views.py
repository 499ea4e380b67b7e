"""The IT object plan pages: the list, the plan with its budget, downloads, and the changes
controllers make (approve a version, link activities, budget lines, shared posts, forecast)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vplan import htmx
from vplan.followups.access import readable_activities_in_year
from vplan.imports.objectplan_uploads import import_object_plan_upload
from vplan.imports.read_objectplan import ObjectPlanParseError
from vplan.objectplans import budgeting, object_plan_activities
from vplan.objectplans.access import (
    access_object_plan_for_manage,
    access_object_plan_for_view,
    readable_object_plans,
)
from vplan.objectplans.approval import approve_object_plan_version
from vplan.objectplans.exchange import dumps_exchange
from vplan.objectplans.forms import (
    AllocationKeyForm,
    ApproveVersionForm,
    BudgetLineForm,
    ForecastForm,
    ImportForm,
    LinkActivityForm,
    SharedPostForm,
)
from vplan.objectplans.load import ObjectPlanLoadError
from vplan.objectplans.models import (
    BudgetSummary,
    ObjectPlan,
    ObjectPlanActivity,
    ObjectPlanVersion,
)
from vplan.objectplans.render_docx import render_docx
from vplan.objectplans.render_pdf import render_pdf
from vplan.objectplans.report import build_object_plan_report
from vplan.organisation import permissions
from vplan.paging import page_of

ITEMS_PER_PAGE = 50
CHOICES_PER_PAGE = 25

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@login_required
@require_GET
def object_plan_list(request):
    plans = readable_object_plans(request.user)
    administrations = permissions.managed_administrations(request.user)
    form = ImportForm(administrations=administrations) if administrations.exists() else None
    return render(request, "objectplans/list.html", {"plans": plans, "import_form": form})


@login_required
@require_POST
def object_plan_import(request):
    administrations = permissions.managed_administrations(request.user)
    if not administrations.exists():
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES, administrations=administrations)
    if form.is_valid():
        try:
            result = import_object_plan_upload(
                upload=form.cleaned_data["file"],
                by=request.user,
                administration=form.cleaned_data["administration"],
                managed=administrations,
            )
        except (ObjectPlanParseError, ObjectPlanLoadError, ValueError) as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                _(
                    "Imported %(plan)s: %(created)s created, %(changed)s changed, %(deleted)s removed."
                )
                % {
                    "plan": result.object_plan,
                    "created": result.created,
                    "changed": result.changed,
                    "deleted": result.deleted,
                },
            )
            return redirect("objectplans:detail", result.object_plan.pk)
    plans = readable_object_plans(request.user)
    return render(
        request, "objectplans/list.html", {"plans": plans, "import_form": form}, status=422
    )


@login_required
@require_GET
def object_plan_detail(request, pk):
    object_plan = access_object_plan_for_view(request.user, pk)
    return _render_detail(request, object_plan)


def _render_detail(request, object_plan: ObjectPlan, *, status: int = 200, **forms):
    """The object plan page. `object_plan` comes from the access check, its object and
    administration read; its versions and the object's roles are read once here (the page and
    `current_version` share them), the budget lines once for the table and the totals."""
    plan = object_plan
    can_manage = permissions.can_manage_administration(request.user, plan.administration)
    prefetch_related_objects(
        [plan],
        Prefetch("versions", queryset=ObjectPlanVersion.objects.select_related("approved_by")),
        "it_object__roles",
    )
    lines = list(plan.budget_lines.with_boards())
    context = {
        "plan": plan,
        "can_manage": can_manage,
        "versions": sorted(plan.versions.all(), key=lambda v: v.number_key),
        "current_version": plan.current_version(),
        "documents": plan.governing_documents.all(),
        "areas": plan.goal_areas.prefetch_related("goals"),
        "items": page_of(
            request,
            ObjectPlanActivity.objects.filter(object_plan=plan).with_linked_status(request.user),
            page_size=ITEMS_PER_PAGE,
        ),
        "follow_up_items": plan.follow_up_items.all(),
        "budget": BudgetSummary.of(lines, forecast=plan.previous_year_forecast),
        "lines": lines,
        "keys": plan.allocation_keys.prefetch_related("shares__board"),
        "posts": plan.shared_posts.select_related("key").prefetch_related("key__shares__board"),
    }
    if can_manage:
        context.update(
            approve_form=forms.get("approve_form") or ApproveVersionForm(),
            line_form=forms.get("line_form") or BudgetLineForm(administration=plan.administration),
            key_form=forms.get("key_form") or AllocationKeyForm(),
            post_form=forms.get("post_form") or SharedPostForm(keys=plan.allocation_keys.all()),
            forecast_form=forms.get("forecast_form")
            or ForecastForm(
                initial={
                    "forecast": plan.previous_year_forecast,
                    "explanation": plan.forecast_difference_explanation,
                }
            ),
        )
    return render(request, "objectplans/detail.html", context, status=status)


@login_required
@require_GET
def object_plan_report(request, pk, format):
    object_plan = access_object_plan_for_view(request.user, pk)
    report = build_object_plan_report(object_plan=object_plan, language=request.LANGUAGE_CODE)
    content = render_docx(report) if format == "docx" else render_pdf(report)
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.{format}"'
    return response


@login_required
@require_GET
def object_plan_export(request, pk):
    object_plan = access_object_plan_for_view(request.user, pk)
    response = HttpResponse(
        dumps_exchange(object_plan), content_type="application/json; charset=utf-8"
    )
    name = f"objektplan-{object_plan.it_object.short_name}-{object_plan.year}.json".lower()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def approve_version(request, pk):
    object_plan = access_object_plan_for_manage(request.user, pk)
    form = ApproveVersionForm(request.POST)
    if form.is_valid():
        try:
            version = approve_object_plan_version(
                object_plan=object_plan,
                state=form.cleaned_data["state"],
                by=request.user,
                approved_on=form.cleaned_data["approved_on"],
                approver_name=form.cleaned_data["approver_name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)s is approved.") % {"number": version.number}
            )
            return _back(object_plan, "versions")
    return _render_detail(request, object_plan, status=422, approve_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def link_activity(request, pk, item_pk):
    """The page that links one prioritised activity to a plan's activity: the activities of the
    year that the controller may read, searched and paged on the server (GET), and the change
    (POST). From the object plan page's htmx, a POST answers the item's row."""
    object_plan = access_object_plan_for_manage(request.user, pk)
    items = ObjectPlanActivity.objects.filter(object_plan=object_plan)
    if request.method == "GET":
        item = get_object_or_404(items.with_linked_status(request.user), pk=item_pk)
        return _render_link_page(request, object_plan, item)
    item = get_object_or_404(items, pk=item_pk)
    form = LinkActivityForm(
        request.POST, activities=readable_activities_in_year(request.user, object_plan.year)
    )
    status = 200
    if form.is_valid():
        try:
            object_plan_activities.link_object_plan_activity(
                item=item, activity=form.cleaned_data["activity"], by=request.user
            )
        except ValidationError as error:
            form.add_error("activity", error)
            status = 422
    else:
        status = 422
    if not htmx.is_htmx(request):
        if status == 200:
            messages.success(request, _("The activity's link is saved."))
            return redirect(
                f"{reverse('objectplans:detail', args=[object_plan.pk])}#item-{item.pk}"
            )
        item = items.with_linked_status(request.user).get(pk=item.pk)
        return _render_link_page(request, object_plan, item, errors=form.errors.get("activity"))
    item = items.with_linked_status(request.user).get(pk=item.pk)
    context = {
        "plan": object_plan,
        "item": item,
        "can_manage": True,
        "link_errors": form.errors.get("activity"),
    }
    response = render(request, "objectplans/detail.html#activity-row", context, status=status)
    if status == 200:
        htmx.announce(response, _("The activity's link is saved."))
    return response


def _render_link_page(request, object_plan: ObjectPlan, item: ObjectPlanActivity, errors=None):
    """One page of the activities the item may be linked to; `q` searches their text. `item`
    is read with its linked status (`with_linked_status`)."""
    search = request.GET.get("q", "").strip()[:200]
    choices = readable_activities_in_year(request.user, object_plan.year).order_by(
        "plan__administration__short_code", "plan_id", "order", "pk"
    )
    if item.activity_id:
        choices = choices.exclude(pk=item.activity_id)
    if search:
        choices = choices.filter(text__icontains=search)
    context = {
        "plan": object_plan,
        "item": item,
        "search": search,
        "choices": page_of(request, choices, page_size=CHOICES_PER_PAGE),
        "link_errors": errors,
    }
    return render(request, "objectplans/link.html", context, status=422 if errors else 200)


@login_required
@require_POST
def add_budget_line(request, pk):
    object_plan = access_object_plan_for_manage(request.user, pk)
    form = BudgetLineForm(request.POST, administration=object_plan.administration)
    if form.is_valid():
        try:
            budgeting.add_budget_line(object_plan=object_plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The budget line is added."))
            return _back(object_plan, "budget")
    return _render_detail(request, object_plan, status=422, line_form=form)


@login_required
@require_POST
def remove_budget_line(request, pk, line_pk):
    object_plan = access_object_plan_for_manage(request.user, pk)
    line = get_object_or_404(object_plan.budget_lines.all(), pk=line_pk)
    try:
        budgeting.remove_budget_line(line=line, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The budget line is removed."))
    return _back(object_plan, "budget")


@login_required
@require_POST
def add_allocation_key(request, pk):
    object_plan = access_object_plan_for_manage(request.user, pk)
    form = AllocationKeyForm(request.POST)
    if form.is_valid():
        try:
            budgeting.add_allocation_key(
                object_plan=object_plan,
                shares=form.cleaned_data["shares"],
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("shares", error)
        else:
            messages.success(request, _("The allocation key is added."))
            return _back(object_plan, "financing")
    return _render_detail(request, object_plan, status=422, key_form=form)


@login_required
@require_POST
def add_shared_post(request, pk):
    object_plan = access_object_plan_for_manage(request.user, pk)
    form = SharedPostForm(request.POST, keys=object_plan.allocation_keys.all())
    if form.is_valid():
        try:
            budgeting.add_shared_budget_post(
                object_plan=object_plan, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The shared post is split between the boards."))
            return _back(object_plan, "financing")
    return _render_detail(request, object_plan, status=422, post_form=form)


@login_required
@require_POST
def remove_shared_post(request, pk, post_pk):
    object_plan = access_object_plan_for_manage(request.user, pk)
    post = get_object_or_404(object_plan.shared_posts.all(), pk=post_pk)
    budgeting.remove_shared_budget_post(post=post, by=request.user)
    messages.success(request, _("The shared post and its shares are removed."))
    return _back(object_plan, "financing")


@login_required
@require_POST
def set_forecast(request, pk):
    object_plan = access_object_plan_for_manage(request.user, pk)
    form = ForecastForm(request.POST)
    if form.is_valid():
        budgeting.set_budget_forecast(
            object_plan=object_plan,
            forecast=form.cleaned_data["forecast"],
            explanation=form.cleaned_data["explanation"],
            by=request.user,
        )
        messages.success(request, _("The forecast is saved."))
        return _back(object_plan, "budget")
    return _render_detail(request, object_plan, status=422, forecast_form=form)


def _back(object_plan: ObjectPlan, anchor: str):
    return redirect(f"{reverse('objectplans:detail', args=[object_plan.pk])}#{anchor}")
