"""Plain factory functions for tests and benchmarks: keyword defaults, real database rows."""

import datetime
import itertools

from django.contrib.auth import get_user_model

from vplan.followups.models import FollowUpRound, Status
from vplan.followups.reporting import current_report, submit_status_report
from vplan.organisation.models import Administration, Board, Membership, Role
from vplan.plans.end_dates import EndDate
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Placement,
    Plan,
)

_sequence = itertools.count(1)


def make_administration(*, name: str = "", short_code: str = "") -> Administration:
    n = next(_sequence)
    return Administration.objects.create(
        name=name or f"Testförvaltningen {n}", short_code=short_code or f"TF{n}"
    )


def make_board(*, code: str = "", name: str = "", administration=None) -> Board:
    code = code or f"B{next(_sequence)}"
    board, _ = Board.objects.get_or_create(
        code=code.upper(),
        defaults={
            "display_code": code,
            "name": name or f"Nämnd {code}",
            "administration": administration,
        },
    )
    return board


def make_user(*, username: str = "", password: str = "secret-pw-1", **extra):
    username = username or f"user{next(_sequence)}"
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def make_member(*, administration, role: str = Role.READER, board=None, username: str = ""):
    user = make_user(username=username)
    Membership.objects.create(user=user, administration=administration, board=board, role=role)
    return user


def make_plan(*, administration=None, year: int = 2024, boards=None, state=Plan.State.DECIDED):
    administration = administration or make_administration()
    plan = Plan.objects.create(administration=administration, year=year, state=state)
    boards = boards if boards is not None else [make_board(administration=administration)]
    plan.boards.set(boards)
    return plan


def perspective(name: str = "Samhälle") -> Perspective:
    return Perspective.objects.get(name=name)


def make_municipal_goal(
    *, plan, perspective_name: str = "Samhälle", title: str = ""
) -> MunicipalGoal:
    return MunicipalGoal.objects.create(
        plan=plan,
        perspective=perspective(perspective_name),
        title=title or f"Kommunmål {next(_sequence)}",
    )


def make_board_goal(*, plan, municipal_goal=None, title: str = "", description: str = ""):
    return BoardGoal.objects.create(
        plan=plan,
        municipal_goal=municipal_goal,
        title=title or f"Nämndmål {next(_sequence)}",
        description=description,
    )


def make_assignment(
    *, plan, number: int | None = None, text: str = "", scope=Assignment.Scope.COMMON
):
    return Assignment.objects.create(
        plan=plan,
        number=number if number is not None else next(_sequence),
        text=text or "Samtliga nämnder ska arbeta med uppdraget.",
        scope=scope,
    )


def make_activity(
    *,
    plan,
    text: str = "",
    boards=None,
    decided_end: str = "December",
    current_end: str | None = None,
    board_goal=None,
    municipal_goal=None,
    assignment=None,
    carried_over_from=None,
) -> Activity:
    activity = Activity.objects.create(
        plan=plan,
        text=text or f"Aktivitet {next(_sequence)}",
        decided_end=EndDate(decided_end) if decided_end else None,
        current_end=EndDate(current_end if current_end is not None else decided_end)
        if (current_end or decided_end)
        else None,
        carried_over_from=carried_over_from,
    )
    activity.boards.set(boards if boards is not None else plan.boards.all())
    if municipal_goal is None and board_goal is not None:
        municipal_goal = board_goal.municipal_goal
    if municipal_goal is None and board_goal is None and assignment is None:
        municipal_goal = make_municipal_goal(plan=plan)
    place(
        activity=activity,
        municipal_goal=municipal_goal,
        board_goal=board_goal,
        assignment=assignment,
    )
    return activity


def place(*, activity, municipal_goal=None, board_goal=None, assignment=None) -> Placement:
    return Placement.objects.create(
        activity=activity,
        perspective=municipal_goal.perspective if municipal_goal else perspective(),
        municipal_goal=municipal_goal,
        board_goal=board_goal,
        assignment=assignment,
    )


def make_round(
    *, plan, as_of: datetime.date | None = None, label: str = "", state=FollowUpRound.State.OPEN
) -> FollowUpRound:
    as_of = as_of or datetime.date(plan.year, 3, 31)
    return FollowUpRound.objects.create(
        plan=plan, as_of=as_of, label=label or f"Uppföljning per {as_of:%Y-%m-%d}", state=state
    )


def report(*, activity, round, status: str = "Pågående", comment: str = "", author=None):
    """Add a status report on top of whatever is there now."""
    latest = current_report(activity=activity, round=round)
    return submit_status_report(
        activity=activity,
        round=round,
        author=author,
        status=Status.objects.get(name=status),
        comment=comment,
        expected_version=latest.version if latest else 0,
        allow_closed_round=True,
    )
