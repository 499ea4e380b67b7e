"""People of an administration: list them with their roles, add, edit, deactivate, reactivate.

A person is a Django user with a role (a membership) in one or more administrations. Nobody is
deleted: deactivating a person ends their roles in the administration and, when they hold no
role in an administration the acting administrator does not manage, makes the account inactive
(it can no longer sign in). Every change is recorded in the trail with who and when.

A person added here gets no password (Django's unusable password): they sign in through single
sign-on, or choose their first password through the link `vplan.organisation.invitations`
sends them by e-mail.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import UNCHANGED, changed_fields, record_change
from vplan.organisation import permissions
from vplan.organisation.memberships import end_membership, grant_membership
from vplan.organisation.models import Administration, Board, Membership, MembershipSource

NAME_MAX_LENGTH = 150
# Characters no name may hold: control characters (they break reports and mail).
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
EMAIL_MAX_LENGTH = 254


def split_name(name: str) -> tuple[str, str]:
    """'Anna Maria Svensson' -> ('Anna Maria', 'Svensson'); one word is a first name."""
    words = (name or "").split()
    if len(words) <= 1:
        return (words[0] if words else "", "")
    return (" ".join(words[:-1]), words[-1])


def full_name(person) -> str:
    return person.get_full_name() or person.get_username()


def clean_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Give a username.")})
    if len(username) > 150:
        raise ValidationError({"username": _("The username is too long (at most 150 characters).")})
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as error:
        raise ValidationError(
            {
                "username": _(
                    "A username holds only letters, digits and the characters @ . + - _ "
                    "(no spaces)."
                )
            }
        ) from error
    return username


def clean_name(name: str, *, required: bool = True) -> str:
    name = " ".join((name or "").split())
    if required and not name:
        raise ValidationError({"name": _("Give the person's name.")})
    if CONTROL_CHARACTERS.search(name):
        raise ValidationError({"name": _("The name holds a control character.")})
    first, last = split_name(name)
    if len(first) > NAME_MAX_LENGTH or len(last) > NAME_MAX_LENGTH:
        raise ValidationError({"name": _("The name is too long.")})
    return name


def clean_email(email: str) -> str:
    email = (email or "").strip()
    if not email:
        return ""
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError({"email": _("The e-mail address is too long.")})
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError(
            {"email": _("%(email)s is not an e-mail address.") % {"email": email}}
        ) from error
    return email


def people_of(
    *,
    administration: Administration,
    board: Board | None = None,
    role: str = "",
    text: str = "",
    former: bool = False,
):
    """The administration's people, with their current roles there in `roles_here`.

    `former`: the people who held a role there and hold none now. `board` and `role` filter on
    the current roles (a role on every board counts for each board); `text` matches every word
    in the username, the name or the e-mail address."""
    user_model = get_user_model()
    current = Membership.objects.current().filter(administration=administration)
    if former:
        held = Membership.objects.filter(administration=administration).values("user_id")
        people = user_model.objects.filter(pk__in=held).exclude(pk__in=current.values("user_id"))
    else:
        matching = current
        if board is not None:
            matching = matching.filter(Q(board=board) | Q(board__isnull=True))
        if role:
            matching = matching.filter(role=role)
        people = user_model.objects.filter(pk__in=matching.values("user_id"))
    for word in (text or "").split()[:10]:
        people = people.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    roles_here = Prefetch(
        "memberships",
        queryset=current.select_related("board").order_by("role", "board__order", "board_id"),
        to_attr="roles_here",
    )
    return people.order_by("last_name", "first_name", "username").prefetch_related(roles_here)


def memberships_of_person(*, person, administration: Administration):
    """Every role the person holds or held in the administration, newest first: the history."""
    return (
        Membership.objects.filter(user=person, administration=administration)
        .select_related("board", "granted_by", "ended_by")
        .order_by(models.F("ended_at").desc(nulls_first=True), "-granted_at", "-pk")
    )


def create_person(*, username: str, name: str, email: str, by, administration=None):
    """A new account with no password (single sign-on, or the set-password link). The change
    record belongs to `administration`, the one the person is added to."""
    user_model = get_user_model()
    username = clean_username(username)
    name = clean_name(name)
    email = clean_email(email)
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The username %(username)s is taken.") % {"username": username}}
        )
    first, last = split_name(name)
    person = user_model(username=username, first_name=first, last_name=last, email=email)
    person.set_unusable_password()
    person.save()
    record_change(
        obj=person,
        by=by,
        action=ChangeRecord.Action.CREATED,
        changes={"username": (None, username), "name": (None, name), "email": (None, email)},
        administration=administration,
    )
    return person


def create_people_in_bulk(*, people: list[dict], by) -> list:
    """Many new accounts at once (an import): each a dict of username, name, email and
    administration, already cleaned and checked to be free by the caller. One insert for the
    accounts and one for their change records."""
    user_model = get_user_model()
    accounts = []
    for each in people:
        first, last = split_name(each["name"])
        account = user_model(
            username=each["username"], first_name=first, last_name=last, email=each["email"]
        )
        account.set_unusable_password()
        accounts.append(account)
    now = timezone.now()
    actor = by if getattr(by, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(user_model, for_concrete_model=False)
    with transaction.atomic():
        user_model.objects.bulk_create(accounts, batch_size=500)
        ChangeRecord.objects.bulk_create(
            [
                ChangeRecord(
                    content_type=content_type,
                    object_id=str(account.pk),
                    object_repr=str(account)[:300],
                    action=ChangeRecord.Action.CREATED,
                    changes={
                        "username": [None, each["username"]],
                        "name": [None, each["name"]],
                        "email": [None, each["email"]],
                    },
                    changed_by=actor,
                    changed_at=now,
                    administration_id=each["administration"].pk,
                )
                for account, each in zip(accounts, people, strict=True)
            ],
            batch_size=500,
        )
    return accounts


def add_person(
    *,
    administration: Administration,
    username: str,
    name: str,
    email: str = "",
    role: str,
    board: Board | None = None,
    by,
    source: str = MembershipSource.MANUAL,
):
    """A person with a role in the administration, all or nothing: a new account, or (the
    username exists) the role granted to that person, whose name and e-mail stay as they are.
    Returns (person, created)."""
    existing = get_user_model().objects.filter(username__iexact=(username or "").strip()).first()
    with transaction.atomic():
        if existing is None:
            person = create_person(
                username=username, name=name, email=email, by=by, administration=administration
            )
        else:
            person = existing
        grant_membership(
            user=person,
            administration=administration,
            board=board,
            role=role,
            by=by,
            source=source,
        )
    return person, existing is None


def update_person(*, person, by, name=UNCHANGED, email=UNCHANGED, administration=None) -> dict:
    """Change a person's name or e-mail address; the change is recorded (for `administration`,
    the one whose administrator changed it)."""
    fields = changed_fields(name=name, email=email)
    changes = {}
    if "name" in fields:
        new = clean_name(fields["name"])
        old = " ".join(person.get_full_name().split())
        if new != old:
            person.first_name, person.last_name = split_name(new)
            changes["name"] = (old, new)
    if "email" in fields:
        new = clean_email(fields["email"])
        if new != person.email:
            changes["email"] = (person.email, new)
            person.email = new
    if changes:
        with transaction.atomic():
            person.save(update_fields=["first_name", "last_name", "email"])
            record_change(
                obj=person,
                by=by,
                action=ChangeRecord.Action.CHANGED,
                changes=changes,
                administration=administration,
            )
    return changes


def deactivate_person(*, person, administration: Administration, by, reason: str = "") -> bool:
    """End the person's current roles in the administration and, if `by` may change the account
    (it holds no role elsewhere), make it inactive. Returns whether the account was made
    inactive; False means only this administration's roles ended."""
    reason = reason.strip() or _("The person was deactivated.")
    with transaction.atomic():
        for membership in Membership.objects.current().filter(
            user=person, administration=administration
        ):
            end_membership(membership=membership, by=by, reason=reason)
        if not person.is_active or not permissions.can_change_account(by, person):
            return False
        type(person).objects.filter(pk=person.pk).update(is_active=False)
        person.is_active = False
        record_change(
            obj=person,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"is_active": (True, False)},
            administration=administration,
        )
    return True


def reactivate_person(*, person, by, administration=None) -> None:
    """Let a deactivated person sign in again; their roles are granted anew, one by one."""
    if person.is_active:
        raise ValidationError(_("%(name)s is active already.") % {"name": full_name(person)})
    with transaction.atomic():
        type(person).objects.filter(pk=person.pk).update(is_active=True)
        person.is_active = True
        record_change(
            obj=person,
            by=by,
            action=ChangeRecord.Action.CHANGED,
            changes={"is_active": (False, True)},
            administration=administration,
        )
