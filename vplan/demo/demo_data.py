"""Load the demo municipality Exempelkommun (the data is in `vplan.demo.exempelkommun`).

`load_demo()` is used by `vplan demo` and by tests that want a realistic plan: three years, two
boards, carried-over chains, postponed end dates, parts, status histories. It is deterministic
(fixed timestamps, no randomness) and loads in well under a second.

The data is turned into one exchange document (`demo_document()`, vplan/exchange/document.py)
and written by the one loader (`vplan.exchange.load.load_document`), the one `vplan load` and
the importer use, so the demo obeys the same rules as every other write path and has a change
history: each row is recorded as created by the demo's controller at its plan's fixed creation
time (a round at its own). Only the demo users and their memberships are not plan data: they
are written here.
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
from vplan.exchange.document import (
    ActivityEntry,
    AdministrationEntry,
    AssignmentEntry,
    BoardEntry,
    BoardGoalEntry,
    ExchangeDocument,
    ExchangeFormatError,
    MunicipalGoalEntry,
    PlacementEntry,
    PlanEntry,
    ReportEntry,
    RoundEntry,
    StatusWord,
)
from vplan.exchange.load import load_document
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.organisation.models import Administration, Board, Membership, canonical_board_code
from vplan.plans.models import Activity, Assignment, Plan

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


# The demo as an exchange document ---------------------------------------------------------


def _uid(year: int, key: str) -> uuid.UUID:
    return uuid.uuid5(UID_NAMESPACE, f"{year}/{key}")


def demo_document() -> ExchangeDocument:
    """Exempelkommun's plans as one exchange document, for the one loader to write."""
    plans = [_plan_entry(spec) for spec in data.PLANS]
    used = sorted(
        {report.status for plan in plans for round in plan.rounds for report in round.reports}
    )
    vocabulary = dict(Status.objects.filter(name__in=used).values_list("name", "category"))
    return ExchangeDocument(
        statuses=[
            StatusWord(name=name, category=vocabulary[name]) for name in used if name in vocabulary
        ],
        plans=plans,
    )


def _plan_entry(spec: dict) -> PlanEntry:
    year = spec["year"]
    perspective_of = {goal["key"]: goal["perspective"] for goal in data.MUNICIPAL_GOALS}
    places: dict[str, PlacementEntry] = {}
    for goal in data.BOARD_GOALS:
        places[f"goal:{goal['key']}"] = PlacementEntry(
            perspective=perspective_of[goal["municipal_goal"]],
            municipal_goal=goal["municipal_goal"],
            board_goal=goal["key"],
            assignment=None,
        )
    assignments = []
    for order, assignment in enumerate(data.ASSIGNMENTS):
        if year not in assignment.get("years", [year]):
            continue
        key = f"assignment:{assignment['number']}"
        board_codes = assignment.get("boards", [])
        assignments.append(
            AssignmentEntry(
                key=key,
                number=assignment["number"],
                text=assignment["text"],
                scope=Assignment.Scope.BOARD_SPECIFIC if board_codes else Assignment.Scope.COMMON,
                boards=board_codes,
                is_struck=year in assignment.get("struck_in", []),
                order=order,
            )
        )
        places[key] = PlacementEntry(
            perspective=perspective_of[assignment["municipal_goal"]],
            municipal_goal=assignment["municipal_goal"],
            board_goal=None,
            assignment=key,
        )
    specs = list(activity_specs(year))
    return PlanEntry(
        administration=AdministrationEntry(municipality=data.MUNICIPALITY, **data.ADMINISTRATION),
        year=year,
        state=spec["state"],
        decided_on=spec.get("decided_on"),
        revised_on=spec.get("revised_on"),
        created_at=at(spec["decided_on"] - datetime.timedelta(days=60)),
        # By code, as an export lists them: the boards come in that order.
        boards=[
            BoardEntry(code=board["display_code"], name=board["name"])
            for board in sorted(data.BOARDS, key=lambda b: canonical_board_code(b["display_code"]))
        ],
        municipal_goals=[
            MunicipalGoalEntry(
                key=goal["key"], perspective=goal["perspective"], title=goal["title"], order=order
            )
            for order, goal in enumerate(data.MUNICIPAL_GOALS)
        ],
        board_goals=[
            BoardGoalEntry(
                key=goal["key"],
                municipal_goal=goal["municipal_goal"],
                title=goal["title"],
                description=goal["description"],
                order=order,
            )
            for order, goal in enumerate(data.BOARD_GOALS)
        ],
        assignments=assignments,
        activities=[
            _activity_entry(activity, year=year, order=order, places=places)
            for order, activity in enumerate(specs)
        ],
        rounds=_round_entries(year, specs),
    )


def _activity_entry(spec: dict, *, year: int, order: int, places: dict) -> ActivityEntry:
    """One activity, or a part (which stands where its activity stands: no places of its own)."""
    return ActivityEntry(
        id=_uid(year, spec["key"]),
        text=spec["text"],
        boards=spec["boards"],
        # The editor reports on the school board's activities, the controller on the others.
        responsible_people=["editor"] if "SKN" in spec["boards"] else ["controller"],
        decided_end=spec["end"] or "",
        current_end=spec.get("moved_to", spec["end"]) or "",
        carried_over_from=_uid(year - 1, spec["key"]) if spec["carried_over"] else None,
        carried_over_from_year=None,
        parent=_uid(year, spec["parent"]) if spec["parent"] else None,
        represents_assignment=spec["represents_assignment"],
        order=order,
        placements=[
            places[where].model_copy(update={"order": order * 10 + place_order})
            for place_order, where in enumerate(spec["under"])
        ],
    )


def _round_entries(year: int, specs: list[dict]) -> list[RoundEntry]:
    """Each round with its reports, in order; a final status stays in later rounds unlisted.
    Reports are spread over the working days after the as-of date, 08:00-16:00, the same every
    load; the editor reports first on the school board's activities, the controller the rest."""
    rounds = []
    last_entry: dict[str, tuple] = {}
    for round_spec in data.ROUNDS[year]:
        reports = []
        for index, spec in enumerate(specs):
            entries = report_entries(spec, round_spec["key"])
            if not entries and last_entry.get(spec["key"], ("",))[0] in data.FINAL_STATUSES:
                entries = [last_entry[spec["key"]]]
            if not entries and round_spec["state"] != FollowUpRound.State.OPEN:
                raise ValueError(
                    f"Demo data: {spec['key']} ({year}) has no report in {round_spec['key']}."
                )
            first_at = at(round_spec["as_of"] + datetime.timedelta(days=1 + index % 9), 8)
            first_at += datetime.timedelta(minutes=(index * 53) % 480)
            for version, entry in enumerate(entries, start=1):
                status_name, comment, *status_text = entry
                reports.append(
                    ReportEntry(
                        activity=_uid(year, spec["key"]),
                        version=version,
                        status=status_name,
                        status_text=status_text[0] if status_text else "",
                        comment=comment.strip(),
                        author="editor"
                        if "SKN" in spec["boards"] and version == 1
                        else "controller",
                        created_at=first_at + (version - 1) * datetime.timedelta(days=2, hours=3),
                    )
                )
            if entries:
                last_entry[spec["key"]] = entries[-1]
        rounds.append(
            RoundEntry(
                label=round_spec["label"],
                as_of=round_spec["as_of"],
                reporting_deadline=round_spec["deadline"],
                state=round_spec["state"],
                introduction="",
                created_at=at(round_spec["as_of"] - datetime.timedelta(days=14), 10),
                reports=reports,
            )
        )
    return rounds


# Creating ----------------------------------------------------------------------------------


def _create_demo(*, stdout) -> dict:
    _refuse_taken_board_codes()
    users = _create_users(stdout=stdout)
    try:
        plans = load_document(document=demo_document(), by=users["controller"])
    except ExchangeFormatError as error:
        raise DemoConflict(str(error)) from error
    administration = plans[0].administration
    boards = {board.code: board for board in administration.boards.all()}
    _create_memberships(administration=administration, boards=boards, users=users)
    demo = _find_demo(administration=administration)
    demo["created"] = True
    return demo


def _refuse_taken_board_codes() -> None:
    for spec in data.BOARDS:
        code = canonical_board_code(spec["display_code"])
        if Board.objects.filter(code=code).exists():
            raise DemoConflict(
                _("A board with the code %(code)s exists already; the demo needs that code.")
                % {"code": code}
            )


@functools.cache
def _demo_password_hash() -> str:
    """Hashing is slow on purpose; the four demo users share one hash of the same password."""
    return make_password(data.PASSWORD)


def _create_users(*, stdout) -> dict:
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
        users[user.username] = user
    return users


def _create_memberships(*, administration, boards, users) -> None:
    for spec in data.USERS:
        Membership.objects.get_or_create(
            user=users[spec["username"]],
            administration=administration,
            board=boards[spec["board"]] if "board" in spec else None,
            role=spec["role"],
        )


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
        keys = {_uid(year, spec["key"]): spec["key"] for spec in activity_specs(year)}
        found = {a.uid: a for a in Activity.objects.filter(plan=plan, uid__in=keys)}
        for uid, key in keys.items():
            if uid in found:
                demo["activities"][(year, key)] = found[uid]
    return demo
