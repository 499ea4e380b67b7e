"""Memberships keep their history: granted by whom, when and how; ended (never deleted) by whom,
when and why; and an ended membership grants nothing, whatever its role."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from vplan.audit.models import ChangeRecord
from vplan.audit.trail import history_of
from vplan.followups import access as plan_rules
from vplan.followups.access import readable_administrations
from vplan.objectplans import access as object_plan_rules
from vplan.objectplans.tests.factories import make_object_plan
from vplan.organisation import permissions
from vplan.organisation.memberships import end_membership, grant_membership
from vplan.organisation.models import Membership, Role
from vplan.testing.factories import make_administration, make_board, make_user

pytestmark = pytest.mark.django_db


def test_grant_records_who_when_and_how(administration, board, admin_user):
    person = make_user(username="anna")
    membership = grant_membership(
        user=person, administration=administration, board=board, role=Role.EDITOR, by=admin_user
    )
    assert membership.granted_by == admin_user
    assert membership.granted_at is not None
    assert membership.source == "manual"
    assert membership.is_current
    record = history_of(membership).get()
    assert record.action == ChangeRecord.Action.CREATED
    assert record.changed_by == admin_user
    assert record.changes["role"] == [None, "editor"]
    assert record.changes["board"] == [None, "BIN"]


def test_granting_the_same_role_again_changes_nothing(administration, admin_user):
    person = make_user()
    first = grant_membership(
        user=person, administration=administration, role=Role.READER, by=None, source="oidc"
    )
    again = grant_membership(
        user=person, administration=administration, role=Role.READER, by=admin_user
    )
    assert again.pk == first.pk
    assert Membership.objects.filter(user=person).count() == 1
    assert ChangeRecord.objects.filter(object_id=str(first.pk)).count() == 1


def test_grant_refuses_a_board_of_another_administration_an_unknown_role_and_the_inactive(
    administration,
):
    elsewhere = make_board(code="XX", administration=make_administration())
    person = make_user()
    with pytest.raises(ValidationError) as error:
        grant_membership(
            user=person, administration=administration, board=elsewhere, role="reader", by=None
        )
    assert "board" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        grant_membership(user=person, administration=administration, role="boss", by=None)
    assert "role" in error.value.message_dict
    person.is_active = False
    person.save()
    with pytest.raises(ValidationError):
        grant_membership(user=person, administration=administration, role="reader", by=None)
    assert not Membership.objects.filter(user=person).exists()


def test_end_keeps_the_row_with_who_when_and_why(administration, admin_user):
    person = make_user()
    membership = grant_membership(
        user=person, administration=administration, role=Role.CONTROLLER, by=admin_user
    )
    end_membership(membership=membership, by=admin_user, reason="Slutat")
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert (membership.ended_by, membership.end_reason) == (admin_user, "Slutat")
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
    assert Membership.objects.ended().filter(pk=membership.pk).exists()
    ended = history_of(membership).filter(action=ChangeRecord.Action.CHANGED).get()
    assert ended.changed_by == admin_user
    assert ended.changes["end_reason"] == ["", "Slutat"]
    with pytest.raises(ValidationError):
        end_membership(membership=membership, by=admin_user)


def test_a_role_can_be_granted_again_after_it_ended(administration, board, admin_user):
    person = make_user()
    for on in (board, None):
        first = grant_membership(
            user=person, administration=administration, board=on, role=Role.EDITOR, by=None
        )
        end_membership(membership=first, by=admin_user)
        second = grant_membership(
            user=person, administration=administration, board=on, role=Role.EDITOR, by=None
        )
        assert second.pk != first.pk
    assert Membership.objects.filter(user=person).count() == 4
    assert Membership.objects.current().filter(user=person).count() == 2


@pytest.mark.parametrize("board_given", [True, False])
def test_the_database_refuses_two_current_identical_memberships(administration, board, board_given):
    person = make_user()
    on = board if board_given else None
    Membership.objects.create(user=person, administration=administration, board=on, role="reader")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=person, administration=administration, board=on, role="reader"
        )


@pytest.mark.parametrize("role", Role.values)
def test_an_ended_membership_grants_nothing(administration, board, plan, role):
    person = make_user()
    object_plan = make_object_plan(administration=administration)
    membership = grant_membership(user=person, administration=administration, role=role, by=None)
    assert permissions.is_member(person, administration)
    assert object_plan_rules.readable_object_plans(person).filter(pk=object_plan.pk).exists()
    end_membership(membership=membership, by=None, reason="test")
    person = type(person).objects.get(pk=person.pk)  # no cached memberships
    assert not permissions.is_member(person, administration)
    assert not permissions.sees_personal_names(person, administration)
    assert not permissions.can_manage_administration(person, administration)
    assert permissions.editable_board_ids(person, administration) == set()
    assert not permissions.managed_administrations(person).exists()
    assert not permissions.member_administration_ids(person).exists()
    assert administration not in readable_administrations(person)
    assert not plan_rules.readable_plans(person).filter(pk=plan.pk).exists()
    with pytest.raises(Http404):
        plan_rules.access_plan_for_view(person, plan.pk)
    assert not object_plan_rules.readable_object_plans(person).filter(pk=object_plan.pk).exists()
    with pytest.raises(Http404):
        object_plan_rules.access_object_plan_for_view(person, object_plan.pk)


def test_an_end_reason_with_a_control_character_is_refused(administration):
    membership = grant_membership(
        user=make_user(), administration=administration, role=Role.READER, by=None
    )
    with pytest.raises(ValidationError):
        end_membership(membership=membership, by=None, reason="bad\x01reason")
    membership.refresh_from_db()
    assert membership.is_current
