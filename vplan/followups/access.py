"""Who may read and change plans, activities and follow-up rounds.

A plan is readable by the members of its administration, and by everybody once one of its rounds
is published: the rules need rounds, so they live here, above plans and followups' models, and
build on the roles in vplan/organisation/permissions.py. Pages, the API and the commands all ask
here. One condition per line; `access_*` return the object or raise Http404 (may not know it
exists) or PermissionDenied (may see it, may not do this).
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from vplan.followups.models import FollowUpRound
from vplan.organisation.models import Administration
from vplan.organisation.permissions import (
    can_manage_administration,
    editable_board_ids,
    is_member,
    is_signed_in,
    is_superuser,
    member_administration_ids,
    object_or_404,
)
from vplan.plans.models import Activity, Plan


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


def access_plan_for_view(user, pk):
    plan = object_or_404(Plan, pk)
    if not can_read_plan(user, plan):
        raise Http404
    return plan


def access_plan_for_manage(user, pk):
    plan = access_plan_for_view(user, pk)
    if not can_manage_administration(user, plan.administration):
        raise PermissionDenied
    return plan


def access_round_for_view(user, pk):
    round = object_or_404(FollowUpRound, pk)
    if not can_read_round(user, round):
        raise Http404
    return round


def access_round_for_manage(user, pk):
    round = access_round_for_view(user, pk)
    if not can_manage_administration(user, round.plan.administration):
        raise PermissionDenied
    return round


def access_round_for_members(user, pk):
    """A round only members of its administration may open (its sign-off): 403 for others who
    may read it (a published round), 404 for whoever may not."""
    round = access_round_for_view(user, pk)
    if not is_member(user, round.plan.administration):
        raise PermissionDenied
    return round


def access_activity_for_view(user, pk):
    activity = object_or_404(Activity, pk)
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
    plans = Plan.objects.select_related("administration")
    if is_superuser(user):
        return plans
    published = FollowUpRound.objects.public().values("plan_id")
    if not is_signed_in(user):
        return plans.filter(pk__in=published)
    member_of = member_administration_ids(user)
    return plans.filter(models.Q(administration_id__in=member_of) | models.Q(pk__in=published))


def readable_rounds(user):
    """The follow-up rounds a user may read: published ones, and all of their administrations'."""
    rounds = FollowUpRound.objects.select_related("plan", "plan__administration").filter(
        plan__deleted_at__isnull=True
    )
    if is_superuser(user):
        return rounds
    published = models.Q(state=FollowUpRound.State.PUBLISHED) | models.Q(
        first_published_at__isnull=False
    )
    if not is_signed_in(user):
        return rounds.filter(published)
    member_of = member_administration_ids(user)
    return rounds.filter(published | models.Q(plan__administration_id__in=member_of))


def rounds_read_in_full(user):
    """The rounds whose every status report the user may read: their administrations' rounds
    and the published ones. (A round reopened to be corrected shows the public only what it
    published: see FollowUpRound.shows_report.)"""
    rounds = readable_rounds(user)
    if is_superuser(user):
        return rounds
    published = models.Q(state=FollowUpRound.State.PUBLISHED)
    if not is_signed_in(user):
        return rounds.filter(published)
    member_of = member_administration_ids(user)
    return rounds.filter(published | models.Q(plan__administration_id__in=member_of))


def readable_administrations(user):
    """The administrations a user may read: their own, and those with a plan they may read."""
    administrations = Administration.objects.all()
    if is_superuser(user):
        return administrations
    with_readable_plan = readable_plans(user).values("administration_id")
    if not is_signed_in(user):
        return administrations.filter(pk__in=with_readable_plan)
    member_of = member_administration_ids(user)
    return administrations.filter(models.Q(pk__in=member_of) | models.Q(pk__in=with_readable_plan))


def access_administration_for_view(user, pk):
    try:
        return readable_administrations(user).get(pk=pk)
    except (Administration.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def readable_activities_in_year(user, year: int):
    """The activities of the plans of one year that the user may read (e.g. to link to)."""
    readable = readable_plans(user).filter(year=year)
    return Activity.objects.filter(plan__in=readable).select_related("plan", "plan__administration")
