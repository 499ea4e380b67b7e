"""The object plan exchange format: one JSON file per object plan, exported from Vplan and
loaded back (into the same or another Vplan) through the one loader.

    {"format": "vplan-objectplan", "version": 1, "administration": "UTB",
     "object_plan": {... ParsedObjectPlan.to_exchange() ...}}

Amounts are strings with two decimals ("1107850.00") so no reader turns them into floats;
dates are ISO. Linked plan activities are named by their stable `uid`. See docs/objectplans.md.
"""

import json

from vplan.objectplans.load import LoadResult, load_parsed_object_plan
from vplan.objectplans.models import FollowUpItem, ObjectPlan
from vplan.objectplans.parsed import (
    ParsedActivity,
    ParsedAllocationKey,
    ParsedBudgetLine,
    ParsedGoal,
    ParsedGoalArea,
    ParsedGoverningDocument,
    ParsedObjectPlan,
    ParsedRole,
    ParsedSharedPost,
    ParsedSubgoal,
    ParsedVersion,
)
from vplan.organisation.models import Administration

FORMAT = "vplan-objectplan"
VERSION = 1


def parsed_from_database(object_plan: ObjectPlan) -> ParsedObjectPlan:
    """The object plan as the parsed model, so that loading it back gives the same plan."""
    plan = ObjectPlan.all_objects.with_object().get(pk=object_plan.pk)
    it_object = plan.it_object
    keys = list(plan.allocation_keys.prefetch_related("shares__board"))
    key_index = {key.pk: index for index, key in enumerate(keys)}
    posts = list(plan.shared_posts.order_by("id"))
    post_index = {post.pk: index for index, post in enumerate(posts)}
    areas = []
    for area in plan.goal_areas.prefetch_related("goals"):
        goals = [goal for goal in area.goals.all() if goal.parent_id is None]
        subgoals = [goal for goal in area.goals.all() if goal.parent_id is not None]
        areas.append(
            ParsedGoalArea(
                unit=area.unit,
                heading=area.heading,
                text=area.text,
                goals=[
                    ParsedGoal(
                        id=int(goal.code),
                        title=goal.title,
                        description=goal.description,
                        subgoals=[
                            ParsedSubgoal(code=sub.code, text=sub.description)
                            for sub in subgoals
                            if sub.parent_id == goal.pk
                        ],
                    )
                    for goal in goals
                ],
            )
        )
    items = list(plan.follow_up_items.all())
    return ParsedObjectPlan(
        source=plan.source,
        title=plan.title,
        object=it_object.name,
        object_short=it_object.short_name,
        year=plan.year,
        period_start=plan.period_start,
        period_end=plan.period_end,
        versions=[
            ParsedVersion(
                version=version.number,
                date=version.date,
                comment=version.comment,
                state=version.state,
                approver_name=version.approver_display,
            )
            for version in sorted(plan.versions.all(), key=lambda v: v.number_key)
        ],
        roles=[
            ParsedRole(
                kind=role.kind,
                name=role.name,
                title=role.title,
                username=role.user.get_username() if role.user else "",
            )
            for role in it_object.roles.select_related("user")
        ],
        purpose=plan.purpose,
        background=plan.background,
        delays=[item.text for item in items if item.kind == FollowUpItem.Kind.DELAY],
        over_budget=[item.text for item in items if item.kind == FollowUpItem.Kind.OVERRUN],
        follow_up_reasons=plan.follow_up_reasons,
        direction=plan.direction,
        governing_documents=[
            ParsedGoverningDocument(
                id=document.number,
                document=document.title,
                goal=document.goal,
                impact=document.impact,
            )
            for document in plan.governing_documents.all()
        ],
        goal_areas=areas,
        activities=[
            ParsedActivity(
                unit=item.unit,
                text=item.text,
                activity_uid=str(item.activity.uid) if item.activity else "",
            )
            for item in plan.activities.select_related("activity")
        ],
        kind_definitions={
            kind: text
            for kind, text in (
                ("VM", plan.maintenance_definition),
                ("VU", plan.development_definition),
            )
            if text
        },
        budget_lines=[
            ParsedBudgetLine(
                board=line.board.code,
                kind=line.kind,
                amount=line.amount,
                system=line.system,
                description=line.description,
                shared_post=post_index.get(line.shared_post_id),
            )
            for line in plan.budget_lines.select_related("board").order_by("order", "id")
        ],
        previous_year_forecast=plan.previous_year_forecast,
        forecast_explanation=plan.forecast_reasons(),
        financing_principles=plan.financing_principle_list(),
        allocation_keys=[
            ParsedAllocationKey(
                boards=[share.board.code for share in key.shares.all()],
                shares=[share.weight.normalize() for share in key.shares.all()],
                text=key.text,
            )
            for key in keys
        ],
        shared_posts=[
            ParsedSharedPost(
                kind=post.kind,
                amount=post.amount,
                key=key_index[post.key_id],
                system=post.system,
                description=post.description,
            )
            for post in posts
            if post.key_id in key_index
        ],
    )


def export_object_plan(object_plan: ObjectPlan) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "administration": object_plan.it_object.administration.short_code,
        "object_plan": parsed_from_database(object_plan).to_exchange(),
    }


def dumps_exchange(object_plan: ObjectPlan) -> str:
    return json.dumps(export_object_plan(object_plan), ensure_ascii=False, indent=2) + "\n"


def read_exchange(data: dict) -> tuple[ParsedObjectPlan, str]:
    """The parsed plan and the administration's short code; ValueError says what is wrong."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f'Not an object plan exchange file (expected "format": "{FORMAT}").')
    if data.get("version") != VERSION:
        raise ValueError(
            f"Exchange format version {data.get('version')!r} is not supported (expected {VERSION})."
        )
    try:
        parsed = ParsedObjectPlan.from_exchange(data["object_plan"])
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
        raise ValueError(f"The object plan in the exchange file is malformed: {error}") from error
    return parsed, data.get("administration", "")


def load_object_plan_exchange(
    *, data: dict, by, administration: Administration | None = None
) -> LoadResult:
    parsed, administration_code = read_exchange(data)
    if administration is None and administration_code:
        administration = Administration.objects.filter(
            short_code__iexact=administration_code
        ).first()
    return load_parsed_object_plan(parsed=parsed, by=by, administration=administration)
