"""Importing existing follow-up reports: the preview, the import, and what was imported."""

import datetime

from ninja import Field, Schema

from vplan.api.schemas.common import Username
from vplan.imports.uploads import describe_result


class WarningOut(Schema):
    code: str
    message: str


# An imports.models.DocumentImport.
class ImportRecordOut(Schema):
    id: int
    source: str = Field(validation_alias="source_name")
    format: str
    sha256: str
    plan_id: int
    round_id: int
    activity_count: int
    imported_at: datetime.datetime
    imported_by: Username
    warnings: list[WarningOut]


class BoardSuggestionOut(Schema):
    id: int
    display_code: str
    name: str


class BoardInDocumentOut(Schema):
    code: str
    display_code: str
    name: str | None
    board_id: int | None
    known: bool
    exists: bool
    activities: int
    mapped: bool = Field(description="Mapped by the caller's map_board to an existing board.")
    create: bool = Field(description="Created by the caller's create_board or create_boards.")
    create_name: str | None
    resolved: bool = Field(description="False: choose with map_board or create_board.")
    usual_name: str | None
    suggestions: list[BoardSuggestionOut] = Field(description="Boards with a similar code.")


class StatusCountOut(Schema):
    status: str
    category: str
    count: int


# An import's preview as imports.preview.ImportPreview.to_json() gives it.
class ImportPreviewOut(Schema):
    source: str
    format: str
    title: str | None
    organisation: str | None
    plan_year: int | None
    as_of: str | None
    sha256: str
    administration: dict
    plan_id: int | None
    already_imported: dict | None
    same_report: bool = Field(
        description="Vplan holds this report already (in any format): importing writes nothing."
    )
    difference: dict | None = Field(
        description="A different version of a report already imported: what importing it with "
        "apply_changes=true would add, remove and change."
    )
    can_import: bool
    problems: list[str]
    notes: list[str]
    boards: list[BoardInDocumentOut]
    activity_rows: int
    distinct_activities: int
    counts: list[dict]
    statuses: list[StatusCountOut]
    warnings: list[WarningOut]
    document: dict


# An imports.load.LoadResult.
class ImportResultOut(Schema):
    created: bool
    detail: str
    activities_created: int
    placements_created: int
    reports_created: int
    record: ImportRecordOut

    @staticmethod
    def resolve_detail(result) -> str:
        return describe_result(result)


class BoardChoicesIn(Schema):
    """What each board code of the report that is not a board of Vplan stands for."""

    map_board: list[str] = Field(
        [], description="Repeatable CODE=BOARD (a board's code or id): the code is that board."
    )
    create_board: list[str] = Field(
        [], description="Repeatable CODE=NAME: create a board for the code with this name."
    )
    create_boards: bool = Field(
        False, description="Create the boards of the usual codes under their usual names."
    )
