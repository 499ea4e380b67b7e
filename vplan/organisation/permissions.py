"""Who may do what. Pages, the API and the commands all ask here, and only here.

Each rule is a plain function with one condition per line, so every branch is visibly tested.
The `access_*` functions return the object or raise: Http404 when the user may not even know it
exists, PermissionDenied when they may see it but not do this.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from vplan.organisation.models import Administration, Membership, Role

MANAGING_ROLES = {Role.ADMIN, Role.CONTROLLER}


def memberships_of(user, administration: Administration) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = user.__dict__.setdefault("_vplan_memberships", {})
    if administration.pk not in cache:
        cache[administration.pk] = list(
            Membership.objects.filter(user=user, administration=administration)
        )
    return cache[administration.pk]


def is_member(user, administration: Administration) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(memberships_of(user, administration))


def sees_personal_names(user, administration: Administration) -> bool:
    """The one redaction rule: who reported, changed or corrected what is shown to members of
    the administration only. Signed out (and in every public format) no personal name is shown."""
    return is_member(user, administration)


def can_manage_administration(user, administration: Administration) -> bool:
    """Administrators and controllers set up plans and rounds for the whole administration."""
    if getattr(user, "is_superuser", False):
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


def can_edit_activity(user, activity) -> bool:
    board_ids = editable_board_ids(user, activity.plan.administration)
    if board_ids is None:
        return True
    return any(board.pk in board_ids for board in activity.boards.all())


def can_read_plan(user, plan) -> bool:
    if is_member(user, plan.administration):
        return True
    return plan.rounds.public().exists()


def can_read_round(user, round) -> bool:
    if round.is_public:
        return True
    return is_member(user, round.plan.administration)


def can_report_in_round(user, activity, round) -> bool:
    if not round.accepts_reports:
        return False
    return can_edit_activity(user, activity)


def _get_or_404(model, pk):
    manager = model.objects
    try:
        return manager.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def access_plan_for_view(user, pk):
    from vplan.plans.models import Plan

    plan = _get_or_404(Plan, pk)
    if not can_read_plan(user, plan):
        raise Http404
    return plan


def access_plan_for_manage(user, pk):
    plan = access_plan_for_view(user, pk)
    if not can_manage_administration(user, plan.administration):
        raise PermissionDenied
    return plan


def access_round_for_view(user, pk):
    from vplan.followups.models import FollowUpRound

    round = _get_or_404(FollowUpRound, pk)
    if not can_read_round(user, round):
        raise Http404
    return round


def access_round_for_manage(user, pk):
    round = access_round_for_view(user, pk)
    if not can_manage_administration(user, round.plan.administration):
        raise PermissionDenied
    return round


def access_activity_for_view(user, pk):
    from vplan.plans.models import Activity

    activity = _get_or_404(Activity, pk)
    if not can_read_plan(user, activity.plan):
        raise Http404
    return activity


def access_activity_for_edit(user, pk):
    activity = access_activity_for_view(user, pk)
    if not can_edit_activity(user, activity):
        raise PermissionDenied
    return activity


def readable_plans(user):
    """The live plans a user may read: their administrations' plans, and any with a published round."""
    from vplan.followups.models import FollowUpRound
    from vplan.plans.models import Plan

    plans = Plan.objects.select_related("administration")
    if getattr(user, "is_superuser", False):
        return plans
    published = FollowUpRound.objects.public().values("plan_id")
    if not getattr(user, "is_authenticated", False):
        return plans.filter(pk__in=published)
    member_of = Membership.objects.filter(user=user).values("administration_id")
    return plans.filter(models.Q(administration_id__in=member_of) | models.Q(pk__in=published))


def readable_rounds(user):
    """The follow-up rounds a user may read: published ones, and all of their administrations'."""
    from vplan.followups.models import FollowUpRound

    rounds = FollowUpRound.objects.select_related("plan", "plan__administration").filter(
        plan__deleted_at__isnull=True
    )
    if getattr(user, "is_superuser", False):
        return rounds
    published = models.Q(state=FollowUpRound.State.PUBLISHED) | models.Q(
        first_published_at__isnull=False
    )
    if not getattr(user, "is_authenticated", False):
        return rounds.filter(published)
    member_of = Membership.objects.filter(user=user).values("administration_id")
    return rounds.filter(published | models.Q(plan__administration_id__in=member_of))


def rounds_read_in_full(user):
    """The rounds whose every status report the user may read: their administrations' rounds
    and the published ones. (A round reopened to be corrected shows the public only what it
    published: see FollowUpRound.shows_report.)"""
    from vplan.followups.models import FollowUpRound

    rounds = readable_rounds(user)
    if getattr(user, "is_superuser", False):
        return rounds
    published = models.Q(state=FollowUpRound.State.PUBLISHED)
    if not getattr(user, "is_authenticated", False):
        return rounds.filter(published)
    member_of = Membership.objects.filter(user=user).values("administration_id")
    return rounds.filter(published | models.Q(plan__administration_id__in=member_of))


def can_read_object_plan(user, object_plan) -> bool:
    return is_member(user, object_plan.it_object.administration)


def access_object_plan_for_view(user, pk):
    from vplan.objectplans.models import ObjectPlan

    object_plan = _get_or_404(ObjectPlan, pk)
    if not can_read_object_plan(user, object_plan):
        raise Http404
    return object_plan


def access_object_plan_for_manage(user, pk):
    object_plan = access_object_plan_for_view(user, pk)
    if not can_manage_administration(user, object_plan.it_object.administration):
        raise PermissionDenied
    return object_plan


def readable_object_plans(user):
    """The live IT object plans a user may read: those of their administrations' objects."""
    from vplan.objectplans.models import ObjectPlan

    plans = ObjectPlan.objects.with_object()
    if getattr(user, "is_superuser", False):
        return plans
    if not getattr(user, "is_authenticated", False):
        return plans.none()
    member_of = Membership.objects.filter(user=user).values("administration_id")
    return plans.filter(it_object__administration_id__in=member_of)


def managed_administrations(user):
    """The administrations whose plans (and IT object plans) the user may set up."""
    if getattr(user, "is_superuser", False):
        return Administration.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Administration.objects.none()
    managing = Membership.objects.filter(user=user, role__in=MANAGING_ROLES)
    return Administration.objects.filter(pk__in=managing.values("administration_id"))


def readable_administrations(user):
    """The administrations a user may read: their own, and those with a plan they may read."""
    administrations = Administration.objects.all()
    if getattr(user, "is_superuser", False):
        return administrations
    with_readable_plan = readable_plans(user).values("administration_id")
    if not getattr(user, "is_authenticated", False):
        return administrations.filter(pk__in=with_readable_plan)
    member_of = Membership.objects.filter(user=user).values("administration_id")
    return administrations.filter(models.Q(pk__in=member_of) | models.Q(pk__in=with_readable_plan))


def access_administration_for_view(user, pk):
    try:
        return readable_administrations(user).get(pk=pk)
    except (Administration.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def readable_activities_in_year(user, year: int):
    """The activities of the plans of one year that the user may read (e.g. to link to)."""
    from vplan.plans.models import Activity

    readable = readable_plans(user).filter(year=year)
    return Activity.objects.filter(plan__in=readable).select_related("plan", "plan__administration")


def access_administration_for_manage(user, pk):
    """An administration whose reference data (its boards) the user may change."""
    administration = access_administration_for_view(user, pk)
    if not can_manage_administration(user, administration):
        raise PermissionDenied
    return administration


def access_board_for_manage(user, pk):
    """A board the user may rename, reorder or retire: one of an administration they manage."""
    from vplan.organisation.models import Board

    board = _get_or_404(Board, pk)
    if board.administration_id is None and not getattr(user, "is_superuser", False):
        raise Http404
    if board.administration_id is not None:
        access_administration_for_manage(user, board.administration_id)
    return board
