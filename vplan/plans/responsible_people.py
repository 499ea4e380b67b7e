"""The people responsible for an activity, besides its boards: who reports on it and who is
reminded when its status is missing.

A responsible person is an active user with a current membership in the plan's administration
(any role, any board): Vplan reminds and lists only people who can open the round. Changing the
people is recorded like every other change of the plan (who, when, from what to what).
"""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.organisation.models import Membership
from vplan.plans.models import Activity, Plan

# The most people one activity may name: a working group, not a mailing list.
MAX_RESPONSIBLE_PEOPLE = 20


def person_label(user) -> str:
    """How a person is named on pages and in mails: the full name, else the user name."""
    return user.get_full_name().strip() or user.get_username()


def responsible_candidates(plan: Plan) -> QuerySet:
    """The people who may be responsible for an activity of `plan`, by name."""
    members = Membership.objects.current().filter(
        user=OuterRef("pk"), administration_id=plan.administration_id
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Exists(members))
        .order_by("first_name", "last_name", "username")
    )


def checked_responsible_people(plan: Plan, people: Iterable, field: str = "responsible_people"):
    """The people, refused (ValidationError on `field`) unless each may be responsible."""
    people = list(dict.fromkeys(people))
    if len(people) > MAX_RESPONSIBLE_PEOPLE:
        raise ValidationError(
            {field: _("At most %(max)d responsible people.") % {"max": MAX_RESPONSIBLE_PEOPLE}}
        )
    allowed = set(
        responsible_candidates(plan)
        .filter(pk__in=[person.pk for person in people])
        .values_list("pk", flat=True)
    )
    outside = [person for person in people if person.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                field: _(
                    "%(names)s cannot be responsible: only active members of the plan's "
                    "administration can."
                )
                % {"names": ", ".join(person.get_username() for person in outside)}
            }
        )
    return people


def _usernames(people: Iterable) -> str:
    return ", ".join(sorted(person.get_username() for person in people))


def set_responsible_people(*, activity: Activity, people: Iterable, by) -> bool:
    """Make `people` the activity's responsible people (checked, recorded). True if changed."""
    people = checked_responsible_people(activity.plan, people)
    old = _usernames(activity.responsible_people.all())
    new = _usernames(people)
    if old == new:
        return False
    with transaction.atomic():
        activity.responsible_people.set(people)
        record_change(
            obj=activity,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"responsible_people": (old, new)},
        )
    return True


def find_people(usernames: Iterable[str]) -> dict[str, object]:
    """Users by user name (case as stored), for imports that name people."""
    names = list(usernames)
    return {
        user.get_username(): user for user in get_user_model().objects.filter(username__in=names)
    }
