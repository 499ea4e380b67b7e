"""How far a follow-up round has come: which activities still lack a status, per board and per user.

Reads only; each function runs a fixed number of queries however large the plan is.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Lower

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation import permissions
from vplan.organisation.models import Board
from vplan.plans.models import Activity
from vplan.plans.responsible_people import person_label


def activities_missing_report(
    *, round: FollowUpRound, board_ids: Iterable[int] | None = None
) -> QuerySet[Activity]:
    """The round's plan's activities with no status report in the round (None: every board)."""
    reported = StatusReport.objects.filter(activity=OuterRef("pk"), round=round)
    activities = Activity.objects.filter(plan_id=round.plan_id).exclude(Exists(reported))
    if board_ids is not None:
        activities = activities.filter(
            Exists(
                Activity.boards.through.objects.filter(
                    activity=OuterRef("pk"), board_id__in=list(board_ids)
                )
            )
        )
    return activities.order_by("order", "id")


@dataclass
class BoardMissing:
    """One board's activities that still lack a status in a round."""

    board: Board
    activities: list[Activity] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.activities)


def missing_report_rows(*, round: FollowUpRound, board_id: int | None = None) -> QuerySet:
    """'Who has not reported' as rows of (board, activity): each board with each of its
    activities that has no status in the round, by board code, then in the plan's order. An
    activity shared by two boards is a row under both. `board_id`: only that board's rows.

    A lazy queryset of the activity-board link (its `board` and `activity` selected): the page
    and the API page it with one COUNT and one slice, whatever the plan's size."""
    rows = Activity.boards.through.objects.filter(
        activity__in=activities_missing_report(round=round)
    )
    if board_id is not None:
        rows = rows.filter(board_id=board_id)
    return rows.select_related("board", "activity").order_by(
        Lower("board__display_code"), "board_id", "activity__order", "activity_id"
    )


@dataclass(frozen=True)
class BoardCount:
    """How many activities of one board still lack a status in a round."""

    board: Board
    count: int


def missing_counts_by_board(*, round: FollowUpRound) -> list[BoardCount]:
    """Per board of the plan (and any other board an activity of it has), by board code: how
    many of its activities lack a status in the round (0 too, so a page can say so). Two
    queries: one aggregate over the rows and one for the boards."""
    counts = dict(
        missing_report_rows(round=round)
        .order_by()
        .values("board_id")
        .annotate(missing=Count("activity_id"))
        .values_list("board_id", "missing")
    )
    boards = Board.objects.filter(Q(plans=round.plan_id) | Q(pk__in=list(counts))).distinct()
    return sorted(
        (BoardCount(board=board, count=counts.get(board.pk, 0)) for board in boards),
        key=lambda row: (row.board.display_code.lower(), row.board.pk),
    )


@dataclass(frozen=True)
class PersonCount:
    """How many activities one responsible person (None: nobody named) still lacks a status for
    in a round, and the boards those activities belong to."""

    person: object | None
    count: int
    boards: list[Board]


def _missing_links(*, round: FollowUpRound, board_id: int | None) -> QuerySet:
    """The (person, activity) links of the activities without a status in the round."""
    activities = activities_missing_report(
        round=round, board_ids=None if board_id is None else [board_id]
    )
    return Activity.responsible_people.through.objects.filter(activity__in=activities)


def missing_counts_by_person(
    *, round: FollowUpRound, board_id: int | None = None
) -> list[PersonCount]:
    """'Who has not reported', per person: each responsible person with how many of their
    activities lack a status in the round and those activities' boards, by name, then the
    activities with nobody named (person None, if any). `board_id`: only that board's activities.
    Four queries, whatever the plan's size."""
    links = _missing_links(round=round, board_id=board_id)
    counts = dict(
        links.order_by()
        .values("user_id")
        .annotate(missing=Count("activity_id"))
        .values_list("user_id", "missing")
    )
    boards_of: dict[int | None, set[int]] = {}
    for user_id, board in (
        Activity.boards.through.objects.filter(activity__in=links.values("activity_id"))
        .filter(activity__responsible_people__in=list(counts))
        .values_list("activity__responsible_people", "board_id")
        .distinct()
    ):
        boards_of.setdefault(user_id, set()).add(board)
    unassigned = activities_missing_report(
        round=round, board_ids=None if board_id is None else [board_id]
    ).filter(responsible_people__isnull=True)
    unassigned_count = unassigned.count()
    if unassigned_count:
        boards_of[None] = set(
            Activity.boards.through.objects.filter(activity__in=unassigned).values_list(
                "board_id", flat=True
            )
        )
    boards = {
        board.pk: board
        for board in Board.objects.filter(pk__in={b for ids in boards_of.values() for b in ids})
    }

    def boards_for(key) -> list[Board]:
        found = [boards[pk] for pk in boards_of.get(key, ())]
        return sorted(found, key=lambda board: board.display_code.lower())

    people = get_user_model().objects.filter(pk__in=list(counts))
    rows = [
        PersonCount(person=person, count=counts[person.pk], boards=boards_for(person.pk))
        for person in people
    ]
    rows.sort(key=lambda row: (person_label(row.person).lower(), row.person.pk))
    if unassigned_count:
        rows.append(PersonCount(person=None, count=unassigned_count, boards=boards_for(None)))
    return rows


def missing_activities_of_person(
    *, round: FollowUpRound, person_id: int | None, board_id: int | None = None
) -> QuerySet[Activity]:
    """The activities of one responsible person (None: of nobody named) without a status in the
    round, in the plan's order, with their boards."""
    activities = activities_missing_report(
        round=round, board_ids=None if board_id is None else [board_id]
    )
    if person_id is None:
        activities = activities.filter(responsible_people__isnull=True)
    else:
        activities = activities.filter(responsible_people=person_id)
    return activities.prefetch_related("boards")


def missing_person_rows(*, round: FollowUpRound, board_id: int | None = None) -> list[tuple]:
    """Every (person or None, activity) row of 'who has not reported' by person, for exports:
    people in the order of missing_counts_by_person, each one's activities in the plan's order,
    then the activities with nobody named. Three queries, whatever the plan's size."""
    links = list(
        _missing_links(round=round, board_id=board_id)
        .select_related("user", "activity")
        .order_by("activity__order", "activity_id")
    )
    unassigned = list(
        activities_missing_report(
            round=round, board_ids=None if board_id is None else [board_id]
        ).filter(responsible_people__isnull=True)
    )
    rows = sorted(
        ((link.user, link.activity) for link in links),
        key=lambda row: (person_label(row[0]).lower(), row[0].pk),
    )
    rows.extend((None, activity) for activity in unassigned)
    prefetch_related_objects([activity for _person, activity in rows], "boards")
    return rows


def missing_reports_by_board(*, round: FollowUpRound) -> list[BoardMissing]:
    """'Who has not reported': per board of the plan, the activities without a status.

    An activity shared by two boards is listed under both. Boards with nothing missing are
    included with an empty list, so a page can say so.
    """
    groups = {board.pk: BoardMissing(board=board) for board in round.plan.boards.all()}
    activities = activities_missing_report(round=round).prefetch_related("boards")
    for activity in activities:
        for board in activity.boards.all():
            group = groups.get(board.pk)
            if group is None:
                group = groups[board.pk] = BoardMissing(board=board)
            group.activities.append(activity)
    return sorted(groups.values(), key=lambda group: group.board.display_code.lower())


def missing_report_counts(*, user, rounds: Iterable[FollowUpRound]) -> dict[int, int]:
    """Per round: how many of the activities `user` may edit still lack a status.

    One count query per round, whatever the plan's size; rounds come with their plan's
    administration (select_related("plan__administration")) to avoid a query each.
    """
    counts = {}
    for round in rounds:
        administration = round.plan.administration
        if not permissions.is_member(user, administration):
            counts[round.pk] = 0
            continue
        board_ids = permissions.editable_board_ids(user, administration)
        counts[round.pk] = activities_missing_report(round=round, board_ids=board_ids).count()
    return counts
