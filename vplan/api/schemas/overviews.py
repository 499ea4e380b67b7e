"""Overviews across the years of one administration: statuses per group, the share done per
year, chronic and overdue activities (as overviews.figures computes them)."""

import datetime

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import EndText, Extended
from vplan.api.schemas.organisation import AdministrationRef
from vplan.api.schemas.reporting import CategoryOut, CountsOut
from vplan.overviews.figures import CATEGORIES, CATEGORY_LABELS


# The filters as the overview pages' form (overviews.forms.OverviewFilterForm) took them.
class FiltersOut(Schema):
    year: int | None
    board: str | None
    round: int | None = None
    by: str | None = None

    @staticmethod
    def resolve_year(filters) -> int | None:
        return filters.value("year")

    @staticmethod
    def resolve_board(filters) -> str | None:
        board = filters.value("board")
        return board.display_code if board else None

    @staticmethod
    def resolve_round(filters) -> int | None:
        chosen = filters.value("round")
        return chosen.pk if chosen else None

    @staticmethod
    def resolve_by(filters) -> str | None:
        return filters.grouping if "by" in filters.fields else None


class OverviewOut(Schema):
    administration: AdministrationRef
    filters: FiltersOut


# An overviews.figures.StatusTable, with the administration, filters and grouping added.
class StatusOverviewOut(OverviewOut):
    grouping: str = Field(description="What a group is, in words.")
    categories: list[CategoryOut]
    groups: list[CountsOut] = Field(description="An activity in two groups counts in both.")
    total: CountsOut = Field(description="Every activity once.")

    @staticmethod
    def resolve_categories(table) -> list[tuple]:
        return [(category, CATEGORY_LABELS[category]) for category in CATEGORIES]

    @staticmethod
    def resolve_groups(table) -> list[Extended]:
        return [_counted(group) for group in table.groups]

    @staticmethod
    def resolve_total(table) -> Extended:
        return _counted(table.total)


def _counted(group) -> Extended:
    """A status group with a count for every category, none left out."""
    return Extended(group, counts={category: group.count(category) for category in CATEGORIES})


class YearShareOut(Schema):
    year: int
    done: int
    total: int
    share: float
    percent: int


class DoneShareOut(OverviewOut):
    years: list[YearShareOut]


# An overviews.figures.ActivityRow.
class OverviewActivityOut(Schema):
    id: int
    plan_id: int
    year: int
    text: str
    boards: list[str]
    end: EndText = Field(description="The current end date (the decided one if none).")
    category: str
    category_label: str
    is_postponed: bool


class ChronicOut(Schema):
    activity: OverviewActivityOut = Field(validation_alias="row")
    times_carried_over: int
    times_postponed: int
    first_year: int = Field(description="The year the chain began.")


class BoardCountOut(Schema):
    board: str = Field(description="The board's code ('no board' for none).")
    count: int


class PagedOverviewOut(OverviewOut):
    count: int = Field(description="How many activities the whole list has.")
    limit: int
    offset: int
    per_board: list[BoardCountOut] = Field(
        description="The whole list counted per board (an activity of two boards in both)."
    )


class ChronicOverviewOut(PagedOverviewOut):
    activities: list[ChronicOut] = Field(description="One page of the list (limit, offset).")


class OverdueOverviewOut(PagedOverviewOut):
    today: datetime.date
    activities: list[OverviewActivityOut] = Field(
        description="One page of the list (limit, offset), the longest overdue first."
    )
