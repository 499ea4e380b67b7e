"""Every access rule, asked by every persona: the matrix is the specification.

Columns: administrator, controller, the editor of one board, reader, a user of no
administration (outsider) and a signed-out visitor. "ok" means the rule hands the object over,
404 that the user may not know it exists, 403 that they may see it but not do this; True/False
answer the yes-or-no rules and "is this row in the user's list" for the list rules.
Rules: vplan/organisation/permissions.py (roles), vplan/followups/access.py (plans, activities,
rounds), vplan/objectplans/access.py (IT object plans).
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from vplan.followups import access as plan_rules
from vplan.followups.models import FollowUpRound
from vplan.jobs import access as job_rules
from vplan.jobs.models import Job
from vplan.objectplans import access as object_plan_rules
from vplan.objectplans.tests.factories import make_object_plan
from vplan.organisation import permissions
from vplan.organisation.models import Role
from vplan.testing.factories import make_activity, make_member, make_round

PERSONAS = ["admin", "controller", "editor", "reader", "outsider", "anonymous"]


@pytest.fixture
def world(administration, board, other_board, plan, admin_user, controller, editor, reader):
    """One administration's unpublished plan with an open round, an activity of the editor's
    board and one of another board; a second plan with a published round; an IT object plan."""
    published_plan = plan.__class__.objects.create(
        administration=administration, year=plan.year + 1, state=plan.state
    )
    outsider_user = make_member(
        administration=plan.administration.__class__.objects.create(name="Annan", short_code="AN"),
        role=Role.ADMIN,
        username="outsider",
    )
    return {
        "users": {
            "admin": admin_user,
            "controller": controller,
            "editor": editor,
            "reader": reader,
            "outsider": outsider_user,
            "anonymous": AnonymousUser(),
        },
        "administration": administration,
        "board": board,
        "plan": plan,
        "own_activity": make_activity(plan=plan, boards=[board]),
        "other_activity": make_activity(plan=plan, boards=[other_board]),
        "open_round": make_round(plan=plan),
        "published_plan": published_plan,
        "published_round": make_round(
            plan=published_plan,
            as_of=datetime.date(published_plan.year, 8, 31),
            state=FollowUpRound.State.PUBLISHED,
        ),
        "object_plan": make_object_plan(administration=administration),
    }


def outcome(rule, *args):
    try:
        result = rule(*args)
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    if isinstance(result, bool):
        return result
    return "ok"


def contains(rows, row) -> bool:
    return rows.filter(pk=row.pk).exists()


MATRIX = [
    # (what is asked, rule, admin, controller, editor, reader, outsider, anonymous)
    ("read an unpublished plan", lambda u, w: plan_rules.access_plan_for_view(u, w["plan"].pk),
     "ok", "ok", "ok", "ok", 404, 404),
    ("read a published plan",
     lambda u, w: plan_rules.access_plan_for_view(u, w["published_plan"].pk),
     "ok", "ok", "ok", "ok", "ok", "ok"),
    ("manage an unpublished plan", lambda u, w: plan_rules.access_plan_for_manage(u, w["plan"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("manage a published plan",
     lambda u, w: plan_rules.access_plan_for_manage(u, w["published_plan"].pk),
     "ok", "ok", 403, 403, 403, 403),
    ("read an activity",
     lambda u, w: plan_rules.access_activity_for_view(u, w["other_activity"].pk),
     "ok", "ok", "ok", "ok", 404, 404),
    ("edit an activity of the editor's board",
     lambda u, w: plan_rules.access_activity_for_edit(u, w["own_activity"].pk),
     "ok", "ok", "ok", 403, 404, 404),
    ("edit an activity of another board",
     lambda u, w: plan_rules.access_activity_for_edit(u, w["other_activity"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("read an open round", lambda u, w: plan_rules.access_round_for_view(u, w["open_round"].pk),
     "ok", "ok", "ok", "ok", 404, 404),
    ("read a published round",
     lambda u, w: plan_rules.access_round_for_view(u, w["published_round"].pk),
     "ok", "ok", "ok", "ok", "ok", "ok"),
    ("manage an open round", lambda u, w: plan_rules.access_round_for_manage(u, w["open_round"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("report on the editor's board in an open round",
     lambda u, w: plan_rules.can_report_in_round(u, w["own_activity"], w["open_round"]),
     True, True, True, False, False, False),
    ("report in a published round",
     lambda u, w: plan_rules.can_report_in_round(u, w["own_activity"], w["published_round"]),
     False, False, False, False, False, False),
    ("list the unpublished plan", lambda u, w: contains(plan_rules.readable_plans(u), w["plan"]),
     True, True, True, True, False, False),
    ("list the published plan",
     lambda u, w: contains(plan_rules.readable_plans(u), w["published_plan"]),
     True, True, True, True, True, True),
    ("list the open round", lambda u, w: contains(plan_rules.readable_rounds(u), w["open_round"]),
     True, True, True, True, False, False),
    ("read every report of the open round",
     lambda u, w: contains(plan_rules.rounds_read_in_full(u), w["open_round"]),
     True, True, True, True, False, False),
    ("read every report of the published round",
     lambda u, w: contains(plan_rules.rounds_read_in_full(u), w["published_round"]),
     True, True, True, True, True, True),
    ("list the administration",
     lambda u, w: contains(plan_rules.readable_administrations(u), w["administration"]),
     True, True, True, True, True, True),
    ("list the activities of the plan's year",
     lambda u, w: contains(plan_rules.readable_activities_in_year(u, w["plan"].year),
                           w["own_activity"]),
     True, True, True, True, False, False),
    ("see personal names",
     lambda u, w: permissions.sees_personal_names(u, w["administration"]),
     True, True, True, True, False, False),
    ("manage the administration's boards",
     lambda u, w: permissions.access_administration_for_manage(u, w["administration"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("manage a board", lambda u, w: permissions.access_board_for_manage(u, w["board"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("list the administration as managed",
     lambda u, w: contains(permissions.managed_administrations(u), w["administration"]),
     True, True, False, False, False, False),
    ("read an IT object plan",
     lambda u, w: object_plan_rules.access_object_plan_for_view(u, w["object_plan"].pk),
     "ok", "ok", "ok", "ok", 404, 404),
    ("manage an IT object plan",
     lambda u, w: object_plan_rules.access_object_plan_for_manage(u, w["object_plan"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("list the IT object plan",
     lambda u, w: contains(object_plan_rules.readable_object_plans(u), w["object_plan"]),
     True, True, True, True, False, False),
    # The outsider administers another administration: they read its log, never this one's.
    ("read the audit log", lambda u, w: permissions.access_audit_log(u),
     "ok", 403, 403, 403, "ok", 404),
    ("read the administration's audit log",
     lambda u, w: permissions.access_administration_audit_log(u, w["administration"].pk),
     "ok", 403, 403, 403, 404, 404),
    ("read the administration's change records",
     lambda u, w: w["administration"].pk in (permissions.audited_administration_ids(u) or set()),
     True, False, False, False, False, False),
    # People and roles: administrators change them, controllers read them (docs/people.md).
    ("read the administration's people",
     lambda u, w: permissions.access_administration_for_people(u, w["administration"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("change the administration's people",
     lambda u, w: permissions.access_administration_for_people_manage(u, w["administration"].pk),
     "ok", 403, 403, 403, 404, 404),
    ("read a person of the administration",
     lambda u, w: permissions.access_person(
         u, permissions.access_administration_for_people(u, w["administration"].pk),
         w["users"]["editor"].pk),
     "ok", "ok", 403, 403, 404, 404),
    ("list the administration as one whose people are read",
     lambda u, w: contains(permissions.people_readable_administrations(u), w["administration"]),
     True, True, False, False, False, False),
    ("list the administration as one whose people are changed",
     lambda u, w: contains(permissions.people_managed_administrations(u), w["administration"]),
     True, False, False, False, False, False),
    ("deactivate or edit the editor's account",
     lambda u, w: permissions.can_change_account(u, w["users"]["editor"]),
     True, False, False, False, False, False),
    # A background job (an import, a PDF): only whoever asked for it sees it (vplan/jobs/access.py).
    ("see the controller's job, its progress and its file",
     lambda u, w: job_rules.access_job(u, Job.objects.get_or_create(
         kind="vplan.reports.report_jobs.make_round_pdf", title="PDF",
         created_by=w["users"]["controller"])[0].pk),
     404, "ok", 404, 404, 404, 404),
]  # fmt: skip


@pytest.mark.parametrize("row", MATRIX, ids=[row[0] for row in MATRIX])
def test_access_matrix(world, row):
    asked, rule, *expected = row
    got = [outcome(rule, world["users"][persona], world) for persona in PERSONAS]
    assert got == expected, f"{asked}: " + ", ".join(
        f"{persona} {g} (expected {e})"
        for persona, g, e in zip(PERSONAS, got, expected, strict=True)
        if g != e
    )


def test_unknown_and_malformed_ids_are_not_found(world):
    controller = world["users"]["controller"]
    for rule in (
        plan_rules.access_plan_for_view,
        plan_rules.access_activity_for_view,
        plan_rules.access_round_for_view,
        object_plan_rules.access_object_plan_for_view,
        permissions.access_board_for_manage,
        permissions.access_administration_for_manage,
    ):
        assert outcome(rule, controller, 999_999) == 404
        assert outcome(rule, controller, "not-a-number") == 404
