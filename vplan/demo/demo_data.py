"""Load the demo municipality Exempelkommun (the data is in `vplan.demo.exempelkommun`).

`load_demo()` is used by `vplan demo` and by tests that want a realistic plan: three years, two
boards, carried-over chains, postponed end dates, parts, status histories. It is deterministic
(fixed timestamps, no randomness) and loads in well under a second.

Plans, goals, assignments and activities are written through the plan-editing operations
(vplan/plans/editing.py), like every other path that writes a plan, so the demo obeys the same
rules and has a change history: each row is recorded as created by the demo's controller at the
plan's fixed creation time.
"""

import datetime
import functools
import uuid
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vplan.demo import exempelkommun as data
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.reporting import submit_status_report
from vplan.organisation.models import Administration, Board, Membership, canonical_board_code
from vplan.plans.editing import (
    Place,
    create_activity,
    create_assignment,
    create_board_goal,
    create_municipal_goal,
    create_plan,
)
from vplan.plans.models import Activity, Assignment, Perspective, Plan

TIME_ZONE = ZoneInfo("Europe/Stockholm")
# Activities get identifiers derived from their year and key, so every load gives the same ones.
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://vplan.example/demo/exempelkommun")


class DemoConflict(Exception):
    """The database holds something the demo would collide with; nothing was written."""


def load_demo(*, stdout=None) -> dict:
    """Load Exempelkommun unless it is there already; either way return its objects by key.

    Returns {"created": bool, "administration": Administration, "boards": {code: Board},
    "plans": {year: Plan}, "rounds": {(year, round key): FollowUpRound},
    "activities": {(year, activity key): Activity}, "users": {username: User}}.
    The keys are those of `vplan.demo.exempelkommun`, e.g. (2026, "digital-kompetens").
    """
    with transaction.atomic():
        existing = Administration.objects.filter(
            Q(name=data.ADMINISTRATION["name"]) | Q(short_code=data.ADMINISTRATION["short_code"])
        ).first()
        if existing is not None and existing.municipality != data.MUNICIPALITY:
            raise DemoConflict(
                _("The administration %(administration)s exists and is not the demo's.")
                % {"administration": existing}
            )
        if existing is not None:
            _say(
                stdout,
                _("%(municipality)s is already loaded; nothing was changed.")
                % {"municipality": data.MUNICIPALITY},
            )
            return _find_demo(administration=existing)
        demo = _create_demo(stdout=stdout)
    _say(
        stdout,
        _(
            "Loaded the demo municipality %(municipality)s: %(plans)d plans, "
            "%(activities)d activities, %(rounds)d follow-up rounds, %(reports)d status reports."
        )
        % {
            "municipality": data.MUNICIPALITY,
            "plans": len(demo["plans"]),
            "activities": len(demo["activities"]),
            "rounds": len(demo["rounds"]),
            "reports": StatusReport.objects.filter(
                round__plan__administration=demo["administration"]
            ).count(),
        },
    )
    return demo


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def at(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    """A fixed, aware local time: the demo never depends on the clock."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TIME_ZONE)


# Reading the data ---------------------------------------------------------------------------


def activity_specs(year: int) -> Iterator[dict]:
    """The year's activities with carried-over ones completed from last year, parts after
    their parent. Each spec gets `parent` (the parent's key or None) and `carried_over`."""
    previous = (
        {spec["key"]: spec for spec in activity_specs(year - 1)}
        if year - 1 in data.ACTIVITIES
        else {}
    )
    for spec in data.ACTIVITIES[year]:
        resolved = {"parent": None, "carried_over": False, "represents_assignment": False}
        if spec.get("carried"):
            earlier = previous[spec["key"]]
            for inherited in ("text", "boards", "under", "represents_assignment"):
                if inherited in earlier:
                    resolved[inherited] = earlier[inherited]
            resolved["carried_over"] = True
        resolved.update({name: value for name, value in spec.items() if name != "parts"})
        yield resolved
        for part in spec.get("parts", []):
            yield {
                **part,
                "parent": spec["key"],
                "boards": resolved["boards"],
                "under": [],
                "carried_over": False,
                "represents_assignment": False,
            }


def report_entries(spec: dict, round_key: str) -> list[tuple]:
    entries = spec.get("reports", {}).get(round_key, [])
    return [entries] if isinstance(entries, tuple) else list(entries)


# Creating ----------------------------------------------------------------------------------


def _create_demo(*, stdout) -> dict:
    administration = Administration(municipality=data.MUNICIPALITY, **data.ADMINISTRATION)
    administration.full_clean()
    administration.save()
    boards = _create_boards(administration=administration)
    users = _create_users(administration=administration, boards=boards, stdout=stdout)
    demo = {
        "created": True,
        "administration": administration,
        "boards": boards,
        "plans": {},
        "rounds": {},
        "activities": {},
        "users": users,
    }
    for plan_spec in data.PLANS:
        _create_plan(plan_spec, demo=demo)
    return demo


def _create_boards(*, administration: Administration) -> dict[str, Board]:
    boards = {}
    for spec in data.BOARDS:
        code = canonical_board_code(spec["display_code"])
        if Board.objects.filter(code=code).exists():
            raise DemoConflict(
                _("A board with the code %(code)s exists already; the demo needs that code.")
                % {"code": code}
            )
        board = Board(code=code, administration=administration, **spec)
        board.full_clean()
        board.save()
        boards[code] = board
    return boards


@functools.cache
def _demo_password_hash() -> str:
    """Hashing is slow on purpose; the four demo users share one hash of the same password."""
    return make_password(data.PASSWORD)


def _create_users(*, administration, boards, stdout) -> dict:
    User = get_user_model()
    users = {}
    for spec in data.USERS:
        superuser = spec.get("superuser", False)
        user, created = User.objects.get_or_create(
            username=spec["username"],
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": f"{spec['username']}@exempelkommun.example",
                "is_staff": superuser,
                "is_superuser": superuser,
                "password": _demo_password_hash(),
                "date_joined": at(datetime.date(2023, 10, 2), 8),
            },
        )
        if not created:
            _say(
                stdout,
                _("The user %(username)s existed already; its password was left unchanged.")
                % {"username": user.username},
            )
        Membership.objects.get_or_create(
            user=user,
            administration=administration,
            board=boards[spec["board"]] if "board" in spec else None,
            role=spec["role"],
        )
        users[user.username] = user
    return users


def _create_plan(spec: dict, *, demo: dict) -> Plan:
    year = spec["year"]
    perspectives = {perspective.name: perspective for perspective in Perspective.objects.all()}
    by = demo["users"]["controller"]
    created = at(spec["decided_on"] - datetime.timedelta(days=60))
    plan = create_plan(
        administration=demo["administration"],
        year=year,
        boards=demo["boards"].values(),
        state=spec["state"],
        decided_on=spec.get("decided_on"),
        revised_on=spec.get("revised_on"),
        by=by,
        at=created,
    )

    municipal_goals = {}
    for order, goal in enumerate(data.MUNICIPAL_GOALS):
        municipal_goals[goal["key"]] = create_municipal_goal(
            plan=plan,
            perspective=perspectives[goal["perspective"]],
            title=goal["title"],
            order=order,
            by=by,
            at=created,
        )
    places = {}
    for order, goal in enumerate(data.BOARD_GOALS):
        board_goal = create_board_goal(
            plan=plan,
            municipal_goal=municipal_goals[goal["municipal_goal"]],
            title=goal["title"],
            description=goal["description"],
            order=order,
            by=by,
            at=created,
        )
        places[f"goal:{goal['key']}"] = {"board_goal": board_goal}
    for order, assignment_spec in enumerate(data.ASSIGNMENTS):
        if year not in assignment_spec.get("years", [year]):
            continue
        board_codes = assignment_spec.get("boards", [])
        assignment = create_assignment(
            plan=plan,
            number=assignment_spec["number"],
            text=assignment_spec["text"],
            scope=Assignment.Scope.BOARD_SPECIFIC if board_codes else Assignment.Scope.COMMON,
            boards=[demo["boards"][code] for code in board_codes],
            is_struck=year in assignment_spec.get("struck_in", []),
            order=order,
            by=by,
            at=created,
        )
        places[f"assignment:{assignment.number}"] = {
            "municipal_goal": municipal_goals[assignment_spec["municipal_goal"]],
            "assignment": assignment,
        }

    rounds = {}
    for round_spec in data.ROUNDS[year]:
        rounds[round_spec["key"]] = FollowUpRound.objects.create(
            plan=plan,
            label=round_spec["label"],
            as_of=round_spec["as_of"],
            reporting_deadline=round_spec["deadline"],
            state=round_spec["state"],
            created_at=at(round_spec["as_of"] - datetime.timedelta(days=14), 10),
        )
        demo["rounds"][(year, round_spec["key"])] = rounds[round_spec["key"]]

    specs = list(activity_specs(year))
    activities = {}
    for order, activity_spec in enumerate(specs):
        activities[activity_spec["key"]] = _create_activity(
            activity_spec, plan=plan, order=order, places=places, activities=activities, demo=demo
        )
        demo["activities"][(year, activity_spec["key"])] = activities[activity_spec["key"]]
    _submit_reports(specs, rounds=rounds, activities=activities, demo=demo)
    demo["plans"][year] = plan
    return plan


def _create_activity(spec: dict, *, plan, order, places, activities, demo) -> Activity:
    """One activity, or a part (which stands where its activity stands: no places of its own)."""
    return create_activity(
        uid=uuid.uuid5(UID_NAMESPACE, f"{plan.year}/{spec['key']}"),
        plan=plan,
        text=spec["text"],
        boards=[demo["boards"][code] for code in spec["boards"]],
        decided_end=spec["end"],
        current_end=spec.get("moved_to", spec["end"]),
        placements=[
            Place(**places[where], order=order * 10 + place_order)
            for place_order, where in enumerate(spec["under"])
        ],
        parent=activities[spec["parent"]] if spec["parent"] else None,
        carried_over_from=(
            demo["activities"][(plan.year - 1, spec["key"])] if spec["carried_over"] else None
        ),
        represents_assignment=spec["represents_assignment"],
        order=order,
        by=demo["users"]["controller"],
        at=plan.created_at,
    )


def _submit_reports(specs: list[dict], *, rounds: dict, activities: dict, demo: dict) -> None:
    """Each round's reports, in order; a final status stays in later rounds unlisted."""
    statuses = {status.name: status for status in Status.objects.all()}
    controller, editor = demo["users"]["controller"], demo["users"]["editor"]
    last_entry: dict[str, tuple] = {}
    for round_key, round in rounds.items():
        for index, spec in enumerate(specs):
            entries = report_entries(spec, round_key)
            if not entries and last_entry.get(spec["key"], ("",))[0] in data.FINAL_STATUSES:
                entries = [last_entry[spec["key"]]]
            if not entries and round.state != FollowUpRound.State.OPEN:
                raise ValueError(
                    f"Demo data: {spec['key']} ({round.plan.year}) has no report in {round_key}."
                )
            # Spread over the working days after the as-of date, 08:00-16:00, the same every load.
            first_at = at(round.as_of + datetime.timedelta(days=1 + index % 9), 8)
            first_at += datetime.timedelta(minutes=(index * 53) % 480)
            for version, entry in enumerate(entries, start=1):
                status_name, comment, *status_text = entry
                submit_status_report(
                    activity=activities[spec["key"]],
                    round=round,
                    author=editor if "SKN" in spec["boards"] and version == 1 else controller,
                    status=statuses[status_name],
                    status_text=status_text[0] if status_text else "",
                    comment=comment,
                    expected_version=version - 1,
                    created_at=first_at + (version - 1) * datetime.timedelta(days=2, hours=3),
                    allow_closed_round=True,
                )
            if entries:
                last_entry[spec["key"]] = entries[-1]


# Finding what was loaded before -------------------------------------------------------------


def _find_demo(*, administration: Administration) -> dict:
    plans = {plan.year: plan for plan in Plan.objects.for_administration(administration)}
    demo = {
        "created": False,
        "administration": administration,
        "boards": {board.code: board for board in administration.boards.all()},
        "plans": plans,
        "rounds": {},
        "activities": {},
        "users": {
            user.username: user
            for user in get_user_model().objects.filter(
                username__in=[spec["username"] for spec in data.USERS]
            )
        },
    }
    for year, plan in plans.items():
        round_keys = {spec["as_of"]: spec["key"] for spec in data.ROUNDS.get(year, [])}
        for round in plan.rounds.all():
            if round.as_of in round_keys:
                demo["rounds"][(year, round_keys[round.as_of])] = round
        if year not in data.ACTIVITIES:
            continue
        keys_by_text = {spec["text"]: spec["key"] for spec in activity_specs(year)}
        for activity in Activity.objects.in_plan(plan):
            if activity.text in keys_by_text:
                demo["activities"][(year, keys_by_text[activity.text])] = activity
    return demo
