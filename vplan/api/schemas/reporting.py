"""Status reports: the vocabulary, a report as the caller may see it, and submitting one.

Whether a report names who gave it is decided in one place: `show_authors` asks
permissions.sees_personal_names for the answer being built, and StatusReportOut's `author`
reads what it recorded. An answer that never calls it names nobody (the plan tree, like the
plan page).
"""

import datetime

from ninja import Schema
from pydantic import Field

from vplan.api.access import user_of
from vplan.api.schemas.common import ErrorOut, ShortText, StrictIn, Text, TypedText, tuple_item
from vplan.organisation import permissions


def show_authors(request, administration) -> None:
    """Let this answer's status reports name their authors where the one redaction rule
    (permissions.sees_personal_names) says so for the caller and `administration`."""
    request.shows_authors = permissions.sees_personal_names(user_of(request), administration)


def shows_authors(context) -> bool:
    request = (context or {}).get("request")
    return getattr(request, "shows_authors", False)


class StatusOut(Schema):
    id: int
    name: str
    category: str
    order: int
    is_active: bool


# A status category as (key, label).
class CategoryOut(Schema):
    key: str = Field(
        description="done, ongoing, not_started or stopped; in a report also other (a status "
        "without a category) and missing (no report), in an overview none (no status)."
    )
    label: Text

    resolve_key = tuple_item(0)
    resolve_label = tuple_item(1)


# Activities counted per status category: a row of a report's summary or of a status overview.
class CountsOut(Schema):
    label: Text
    counts: dict[str, int] = Field(description="Activities per status category key.")
    total: int


# A status report (or a published row's status, rounds.PublishedReport).
class StatusReportOut(Schema):
    round_id: int
    version: int
    status: StatusOut | None
    status_text: str
    display_status: str
    category: str | None
    comment: str
    author: str = Field(description="Who reported; empty for whoever may not see personal names.")
    created_at: datetime.datetime
    late_correction_reason: str = Field(
        "", description="Why a controller corrected the status after the close; empty otherwise."
    )

    @staticmethod
    def resolve_author(report, context) -> str:
        return report.author_display if shows_authors(context) else ""


class ReportIn(StrictIn):
    status: int | str | None = Field(None, description="A status id or name (see /statuses).")
    status_text: ShortText = Field(
        "", max_length=500, description="The status as written, if composite."
    )
    comment: TypedText = ""
    expected_version: int = Field(
        ge=0, description="The version you saw (0: none); a newer one gives 409 conflict."
    )


# What the caller sent (a ReportIn), with the name of the status it chose.
class SubmittedReport(Schema):
    status: str | None
    status_text: str
    comment: str
    expected_version: int


class ConflictOut(ErrorOut):
    """A 409: `conflict` (someone reported since the version you saw) has the three fields
    below; `round_not_open` (the round takes no reports) is a plain error body."""

    expected_version: int | None = Field(None, description="Only with code `conflict`.")
    current: StatusReportOut | None = Field(None, description="Only with code `conflict`.")
    yours: SubmittedReport | None = Field(None, description="Only with code `conflict`.")
