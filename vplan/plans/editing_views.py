"""Plan editing for controllers: goals, assignments, activities, their places and order.

Every change goes through vplan/plans/editing.py (the operations the API calls too), which
records who changed what. Access: vplan/organisation/permissions.py, plan by plan.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vplan.followups.access import access_plan_for_manage
from vplan.plans import editing
from vplan.plans.editing_forms import (
    ActivityForm,
    AssignmentForm,
    BoardGoalForm,
    MunicipalGoalForm,
    PlaceForm,
    add_operation_errors,
)
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement
from vplan.plans.outline import build_outline

FORM_PAGE = "plans/edit_form.html"


def _edit_url(plan, anchor: str = "") -> str:
    return reverse("plans:edit", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def _managed_plan_of(user, obj):
    """The plan an object belongs to, if the user may edit it (404/403 otherwise)."""
    return access_plan_for_manage(user, obj.plan_id)


def _form_page(request, *, plan, form, title, cancel, extra=None, status=200):
    context = {"plan": plan, "form": form, "title": title, "cancel": cancel, **(extra or {})}
    return render(request, FORM_PAGE, context, status=status)


def _saved(request, plan, message: str, anchor: str = ""):
    messages.success(request, message)
    return redirect(_edit_url(plan, anchor))


@login_required
@require_http_methods(["GET"])
def edit_plan(request, plan_id):
    """The editing overview: goals, assignments, activities (live and deleted), rounds, and
    the order of the activities under each goal and assignment as the plan page shows them."""
    plan = access_plan_for_manage(request.user, plan_id)
    activities = list(Activity.objects.in_plan(plan).top_level().with_plan_details().with_parts())
    context = {
        "plan": plan,
        "municipal_goals": plan.municipal_goals.select_related("perspective"),
        "board_goals": plan.board_goals.select_related("municipal_goal"),
        "assignments": plan.assignments.prefetch_related("boards"),
        "activities": activities,
        "outline": build_outline(activities),
        "deleted": Activity.all_objects.filter(plan=plan).deleted().order_by("-deleted_at"),
        "rounds": plan.rounds.order_by("as_of"),
    }
    return render(request, "plans/edit_plan.html", context)


# --- municipal goals ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_municipal_goal(request, plan_id):
    plan = access_plan_for_manage(request.user, plan_id)
    form = MunicipalGoalForm(request.POST or None)
    if form.is_valid():
        try:
            goal = editing.create_municipal_goal(plan=plan, by=request.user, **form.cleaned_data)
            return _saved(
                request, plan, _("The municipal goal was added."), f"municipal-goal-{goal.pk}"
            )
        except ValidationError as error:
            add_operation_errors(form, error)
    title = _("New municipal goal")
    return _form_page(request, plan=plan, form=form, title=title, cancel=_edit_url(plan))


@login_required
@require_http_methods(["GET", "POST"])
def edit_municipal_goal(request, goal_id):
    goal = get_object_or_404(MunicipalGoal, pk=goal_id)
    plan = _managed_plan_of(request.user, goal)
    initial = {"perspective": goal.perspective, "title": goal.title}
    form = MunicipalGoalForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            editing.update_municipal_goal(goal=goal, by=request.user, **form.cleaned_data)
            return _saved(
                request, plan, _("The municipal goal was saved."), f"municipal-goal-{goal.pk}"
            )
        except ValidationError as error:
            add_operation_errors(form, error)
    title = _("Edit the municipal goal")
    return _form_page(request, plan=plan, form=form, title=title, cancel=_edit_url(plan))


# --- board goals ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_board_goal(request, plan_id):
    plan = access_plan_for_manage(request.user, plan_id)
    form = BoardGoalForm(request.POST or None, plan=plan)
    if form.is_valid():
        try:
            goal = editing.create_board_goal(plan=plan, by=request.user, **form.cleaned_data)
            return _saved(request, plan, _("The board goal was added."), f"board-goal-{goal.pk}")
        except ValidationError as error:
            add_operation_errors(form, error)
    title = _("New board goal")
    return _form_page(request, plan=plan, form=form, title=title, cancel=_edit_url(plan))


@login_required
@require_http_methods(["GET", "POST"])
def edit_board_goal(request, goal_id):
    goal = get_object_or_404(BoardGoal, pk=goal_id)
    plan = _managed_plan_of(request.user, goal)
    initial = {
        "title": goal.title,
        "description": goal.description,
        "municipal_goal": goal.municipal_goal,
    }
    form = BoardGoalForm(request.POST or None, plan=plan, initial=initial)
    if form.is_valid():
        try:
            editing.update_board_goal(goal=goal, by=request.user, **form.cleaned_data)
            return _saved(request, plan, _("The board goal was saved."), f"board-goal-{goal.pk}")
        except ValidationError as error:
            add_operation_errors(form, error)
    title = _("Edit the board goal")
    return _form_page(request, plan=plan, form=form, title=title, cancel=_edit_url(plan))


# --- strategic assignments ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_assignment(request, plan_id):
    plan = access_plan_for_manage(request.user, plan_id)
    form = AssignmentForm(request.POST or None, plan=plan)
    if form.is_valid():
        try:
            assignment = editing.create_assignment(plan=plan, by=request.user, **form.cleaned_data)
            anchor = f"assignment-{assignment.pk}"
            return _saved(request, plan, _("The assignment was added."), anchor)
        except ValidationError as error:
            add_operation_errors(form, error)
    title = _("New strategic assignment")
    return _form_page(request, plan=plan, form=form, title=title, cancel=_edit_url(plan))


@login_required
@require_http_methods(["GET", "POST"])
def edit_assignment(request, assignment_id):
    assignment = get_object_or_404(Assignment, pk=assignment_id)
    plan = _managed_plan_of(request.user, assignment)
    initial = {
        "number": assignment.number,
        "text": assignment.text,
        "scope": assignment.scope,
        "boards": list(assignment.boards.all()),
        "is_struck": assignment.is_struck,
    }
    form = AssignmentForm(request.POST or None, plan=plan, initial=initial)
    if form.is_valid():
        try:
            editing.update_assignment(assignment=assignment, by=request.user, **form.cleaned_data)
            anchor = f"assignment-{assignment.pk}"
            return _saved(request, plan, _("The assignment was saved."), anchor)
        except ValidationError as error:
            add_operation_errors(form, error)
    title = _("Edit the strategic assignment")
    return _form_page(request, plan=plan, form=form, title=title, cancel=_edit_url(plan))


# --- activities -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_activity(request, plan_id):
    plan = access_plan_for_manage(request.user, plan_id)
    data = request.POST or None
    form = ActivityForm(data, plan=plan, prefix="activity")
    place_form = PlaceForm(data, plan=plan, prefix="place")
    if data is not None and form.is_valid() and place_form.is_valid():
        fields = form.cleaned_data
        parent = fields["parent"]
        try:
            activity = editing.create_activity(
                plan=plan,
                text=fields["text"],
                boards=fields["boards"],
                responsible_people=fields["responsible_people"],
                decided_end=fields["end"],
                parent=parent,
                represents_assignment=fields["represents_assignment"],
                placements=[] if parent else [place_form.place()],
                by=request.user,
            )
            return redirect("plans:activity", activity.pk)
        except ValidationError as error:
            add_operation_errors(form, error, place_form)
    title = _("New activity")
    extra = {"place_form": place_form}
    return _form_page(
        request, plan=plan, form=form, title=title, cancel=_edit_url(plan), extra=extra
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_activity(request, activity_id):
    activity = get_object_or_404(Activity, pk=activity_id)
    plan = _managed_plan_of(request.user, activity)
    initial = {
        "text": activity.text,
        "boards": list(activity.boards.all()),
        "responsible_people": list(activity.responsible_people.all()),
        "end": str(activity.current_end or ""),
        "parent": activity.parent,
        "represents_assignment": activity.represents_assignment,
    }
    form = ActivityForm(request.POST or None, plan=plan, activity=activity, initial=initial)
    if form.is_valid():
        fields = form.cleaned_data
        try:
            with transaction.atomic():  # the text and the end date change together or not at all
                editing.update_activity(
                    activity=activity,
                    by=request.user,
                    text=fields["text"],
                    boards=fields["boards"],
                    responsible_people=fields["responsible_people"],
                    parent=fields["parent"],
                    represents_assignment=fields["represents_assignment"],
                )
                if fields["end"].strip() != str(activity.current_end or ""):
                    editing.change_end_date(
                        activity=activity, new_end=fields["end"], by=request.user
                    )
            messages.success(request, _("The activity was saved."))
            return redirect("plans:activity", activity.pk)
        except ValidationError as error:
            add_operation_errors(form, error)
    extra = {
        "activity": activity,
        "places": activity.placements.select_related(
            "perspective", "municipal_goal", "board_goal", "assignment"
        ),
        "place_form": PlaceForm(plan=plan, prefix="place"),
    }
    title = _("Edit the activity")
    cancel = reverse("plans:activity", args=[activity.pk])
    return _form_page(request, plan=plan, form=form, title=title, cancel=cancel, extra=extra)


@login_required
@require_POST
def add_place(request, activity_id):
    """Let the activity also stand under another goal or assignment."""
    activity = get_object_or_404(Activity, pk=activity_id)
    plan = _managed_plan_of(request.user, activity)
    form = PlaceForm(request.POST, plan=plan, prefix="place")
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a goal or an assignment."))
        editing.place_activity(activity=activity, by=request.user, **form.cleaned_data)
        messages.success(request, _("The activity now also stands there."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("plans:activity_edit", activity.pk)


@login_required
@require_POST
def remove_place(request, placement_id):
    placement = get_object_or_404(Placement.objects.select_related("activity"), pk=placement_id)
    _managed_plan_of(request.user, placement.activity)
    try:
        editing.remove_placement(placement=placement, by=request.user)
        messages.success(request, _("The activity no longer stands there."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("plans:activity_edit", placement.activity_id)


@login_required
@require_POST
def delete_activity(request, activity_id):
    activity = get_object_or_404(Activity, pk=activity_id)
    plan = _managed_plan_of(request.user, activity)
    editing.delete_activity(activity=activity, by=request.user)
    return _saved(request, plan, _("The activity was deleted; it can be restored."), "deleted")


@login_required
@require_POST
def restore_activity(request, activity_id):
    activity = get_object_or_404(Activity.all_objects.deleted(), pk=activity_id)
    plan = _managed_plan_of(request.user, activity)
    try:
        editing.restore_activity(activity=activity, by=request.user)
        messages.success(request, _("The activity was restored."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_edit_url(plan, f"activity-{activity.pk}"))


# --- order and the plan's state -------------------------------------------------------------

MOVABLE = {
    "activity": (Activity, lambda a: Activity.objects.filter(plan=a.plan, parent=a.parent)),
    "municipal_goal": (
        MunicipalGoal,
        lambda g: MunicipalGoal.objects.filter(plan=g.plan, perspective=g.perspective),
    ),
    "board_goal": (BoardGoal, lambda g: BoardGoal.objects.filter(plan=g.plan)),
    "assignment": (Assignment, lambda a: Assignment.objects.filter(plan=a.plan)),
}


@login_required
@require_POST
def move(request, kind, pk, direction):
    """Move a goal, an assignment or an activity one step up or down among its siblings;
    a placement moves its activity within one list of the plan page."""
    if direction not in ("up", "down"):
        raise Http404
    if kind == "placement":
        return _move_placement(request, pk, up=direction == "up")
    if kind not in MOVABLE:
        raise Http404
    model, siblings_of = MOVABLE[kind]
    item = get_object_or_404(model, pk=pk)
    plan = _managed_plan_of(request.user, item)
    siblings = list(siblings_of(item).order_by("order", "id"))
    index = siblings.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        editing.reorder(items=siblings, by=request.user)
    return redirect(_edit_url(plan, f"{kind.replace('_', '-')}-{pk}"))


def _move_placement(request, pk, *, up: bool):
    """Move an activity within its list under one goal or assignment, as the plan page shows it."""
    placement = get_object_or_404(Placement.objects.select_related("activity"), pk=pk)
    plan = _managed_plan_of(request.user, placement.activity)
    try:
        editing.move_placement(placement=placement, up=up, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_edit_url(plan, f"placement-{pk}"))


@login_required
@require_POST
def change_plan_state(request, plan_id, action):
    """Decide a draft plan, or record a revision of a decided one."""
    plan = access_plan_for_manage(request.user, plan_id)
    operations = {"decide": editing.decide_plan, "revise": editing.revise_plan}
    if action not in operations:
        raise Http404
    try:
        operations[action](plan=plan, by=request.user)
        messages.success(
            request, _("The plan is now %(state)s.") % {"state": plan.get_state_display()}
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_edit_url(plan))
