"""The world the permission matrix is tried in: the demo municipality, one person per column of
the matrix, and one object of every kind a changing page or endpoint acts on."""

from __future__ import annotations

from decimal import Decimal

from vplan.api.tokens import create_api_token
from vplan.followups.models import FollowUpRound
from vplan.imports.models import PendingImport
from vplan.jobs.models import Job
from vplan.lineage.models import LineageLink
from vplan.objectplans.models import AllocationKey, BudgetKind, SharedBudgetPost
from vplan.objectplans.tests.factories import (
    make_budget_line,
    make_object_plan,
    make_object_plan_activity,
)
from vplan.organisation.memberships import grant_membership
from vplan.organisation.models import Administration, Membership, Role
from vplan.plans.editing import delete_activity
from vplan.plans.models import Placement
from vplan.signin.claims import add_claim_mapping
from vplan.testing.factories import make_user

# The columns: (key, heading). The editor reports for the board of the activity acted on.
PERSONAS = [
    ("superuser", "superuser"),
    ("admin", "administrator"),
    ("controller", "controller"),
    ("editor", "editor of the activity's board"),
    ("editor_other", "editor of another board"),
    ("reader", "reader"),
    ("outsider", "member of another administration"),
    ("anonymous", "signed out"),
]


def build_world(demo) -> dict:
    administration = demo["administration"]
    users = dict(demo["users"])
    root = users["admin"]  # the demo's administrator is a superuser
    editor_board = demo["boards"]["SKN"]
    other_board = next(b for code, b in demo["boards"].items() if code != "SKN")
    people = {
        "superuser": root,
        "admin": _member("matrix-admin", administration, Role.ADMIN, None, root),
        "controller": users["controller"],
        "editor": users["editor"],
        "editor_other": _member("matrix-editor", administration, Role.EDITOR, other_board, root),
        "reader": users["reader"],
        "outsider": _member(
            "matrix-outsider",
            Administration.objects.create(name="Annan förvaltning", short_code="ANN"),
            Role.ADMIN,
            None,
            root,
        ),
        "anonymous": None,
    }
    year = max(demo["plans"])
    plan = demo["plans"][year]
    round_ = FollowUpRound.objects.open().filter(plan=plan).latest("as_of")
    activity = (
        plan.activities.filter(boards=editor_board, parent__isnull=True).order_by("pk").first()
    )
    placement = Placement.objects.filter(activity=activity).first()
    earlier = plan.activities.exclude(pk=activity.pk).filter(carried_over_from__isnull=False)
    carried = earlier.first()
    link, _ = LineageLink.objects.get_or_create(
        activity=carried,
        predecessor=carried.carried_over_from,
        defaults={"confidence": 0.9, "reasons": {"text": 0.9}},
    )
    object_plan = make_object_plan(administration=administration, year=year)
    key = AllocationKey.objects.create(object_plan=object_plan, text="Lika delar")
    token, _ = create_api_token(user=people["editor"], name="matrisen")
    reader_membership = Membership.objects.current().filter(user=people["reader"]).first()
    deleted_activity = plan.activities.exclude(pk=activity.pk).filter(parent__isnull=True).last()
    delete_activity(activity=deleted_activity, by=root)
    world = {
        "people": people,
        "deleted_activity": deleted_activity,
        "administration": administration,
        "board": editor_board,
        "plan": plan,
        "round": round_,
        "activity": activity,
        "placement": placement,
        "municipal_goal": plan.municipal_goals.order_by("pk").first(),
        "board_goal": plan.board_goals.order_by("pk").first(),
        "assignment": plan.assignments.order_by("pk").first(),
        "link": link,
        "object_plan": object_plan,
        "item": make_object_plan_activity(object_plan=object_plan),
        "line": make_budget_line(object_plan=object_plan, board=editor_board),
        "post": SharedBudgetPost.objects.create(
            object_plan=object_plan, kind=BudgetKind.MAINTENANCE, amount=Decimal("100.00"), key=key
        ),
        "job": Job.objects.create(kind="matrix", title="matris", created_by=people["controller"]),
        "token": token,
        "mapping": add_claim_mapping(
            claim_value="matrix", administration=administration, board=None, role="reader", by=root
        ),
        "person": people["reader"],
        "membership": reader_membership,
        "pending_import": PendingImport.objects.create(
            uploaded_by=people["controller"],
            administration=administration,
            source_name="matris.txt",
            sha256="0" * 64,
            size=1,
            parsed={"source": "matris.txt", "plan_year": 2031, "activities": []},
        ),
    }
    return world


def _member(username, administration, role, board, by):
    user = make_user(username=username)
    grant_membership(user=user, administration=administration, board=board, role=role, by=by)
    return user
