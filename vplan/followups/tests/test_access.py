"""Every branch of the access rules, per persona."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vplan.followups.access import (
    access_activity_for_edit,
    access_activity_for_view,
    access_plan_for_manage,
    access_plan_for_view,
    access_round_for_manage,
    access_round_for_view,
    can_edit_activity,
    can_report_in_round,
    readable_plans,
    readable_rounds,
)
from vplan.followups.models import FollowUpRound
from vplan.organisation import permissions
from vplan.organisation.models import Role
from vplan.testing.factories import make_activity, make_administration, make_member, make_round


@pytest.fixture
def activity_of_board(plan, board):
    return make_activity(plan=plan, boards=[board])


@pytest.fixture
def activity_of_other_board(plan, other_board):
    return make_activity(plan=plan, boards=[other_board])


def test_controllers_and_admins_may_edit_every_activity(
    admin_user, controller, activity_of_board, activity_of_other_board
):
    for user in (admin_user, controller):
        assert can_edit_activity(user, activity_of_board)
        assert can_edit_activity(user, activity_of_other_board)
        assert permissions.can_manage_administration(user, activity_of_board.plan.administration)


def test_an_editor_may_edit_only_the_activities_of_their_boards(
    editor, activity_of_board, activity_of_other_board
):
    assert can_edit_activity(editor, activity_of_board)
    assert not can_edit_activity(editor, activity_of_other_board)
    assert not permissions.can_manage_administration(editor, activity_of_board.plan.administration)
    assert access_activity_for_edit(editor, activity_of_board.pk) == activity_of_board
    with pytest.raises(PermissionDenied):
        access_activity_for_edit(editor, activity_of_other_board.pk)


def test_an_editor_without_a_board_edits_every_board_of_the_administration(
    administration, activity_of_other_board
):
    editor_of_all = make_member(administration=administration, role=Role.EDITOR)
    assert can_edit_activity(editor_of_all, activity_of_other_board)


def test_a_reader_reads_but_does_not_edit(reader, activity_of_board):
    assert access_activity_for_view(reader, activity_of_board.pk) == activity_of_board
    with pytest.raises(PermissionDenied):
        access_activity_for_edit(reader, activity_of_board.pk)


def test_an_outsider_and_anonymous_cannot_see_an_unpublished_plan(
    outsider, plan, activity_of_board
):
    for user in (outsider, AnonymousUser()):
        with pytest.raises(Http404):
            access_plan_for_view(user, plan.pk)
        with pytest.raises(Http404):
            access_activity_for_view(user, activity_of_board.pk)


def test_a_published_round_is_readable_by_anyone(outsider, plan):
    draft = make_round(plan=plan)
    published = make_round(
        plan=plan, as_of=draft.as_of.replace(month=8), state=FollowUpRound.State.PUBLISHED
    )
    for user in (outsider, AnonymousUser()):
        assert access_round_for_view(user, published.pk) == published
        with pytest.raises(Http404):
            access_round_for_view(user, draft.pk)
        assert access_plan_for_view(user, plan.pk) == plan
        with pytest.raises(PermissionDenied):
            access_plan_for_manage(user, plan.pk)


def test_only_managers_manage_rounds(controller, editor, reader, plan):
    round = make_round(plan=plan)
    assert access_round_for_manage(controller, round.pk) == round
    for user in (editor, reader):
        with pytest.raises(PermissionDenied):
            access_round_for_manage(user, round.pk)


def test_roles_do_not_leak_to_another_administration(controller, board):
    elsewhere = make_administration()
    assert not permissions.can_manage_administration(controller, elsewhere)
    assert not permissions.is_member(controller, elsewhere)


def test_reporting_needs_an_open_round_and_edit_rights(editor, plan, activity_of_board):
    open_round = make_round(plan=plan)
    closed = make_round(
        plan=plan, as_of=open_round.as_of.replace(month=8), state=FollowUpRound.State.CLOSED
    )
    assert can_report_in_round(editor, activity_of_board, open_round)
    assert not can_report_in_round(editor, activity_of_board, closed)


def test_unknown_ids_are_not_found(controller):
    for access in (
        access_plan_for_view,
        access_round_for_view,
        access_activity_for_view,
    ):
        with pytest.raises(Http404):
            access(controller, 999999)
        with pytest.raises(Http404):
            access(controller, "not-a-number")


def test_readable_plans_and_rounds_follow_the_same_rules(controller, outsider, plan):
    round = make_round(plan=plan)
    assert list(readable_plans(controller)) == [plan]
    assert list(readable_plans(outsider)) == []
    assert list(readable_rounds(outsider)) == []
    round.state = FollowUpRound.State.PUBLISHED
    round.save(update_fields=["state"])
    assert list(readable_rounds(AnonymousUser())) == [round]
