"""People of an administration, their roles (current and ended), and the import of people."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import StrictIn, Username


class PersonRoleOut(Schema):
    """One membership: a role in the administration, on one board or (board null) on all."""

    id: int
    role: str = Field(description="admin, controller, editor or reader.")
    board: str | None = Field(description="The board's display code; null: every board.")
    granted_at: datetime | None = Field(description="Null: granted before history was kept.")
    granted_by: Username
    source: str = Field(description="manual, import or oidc.")
    ended_at: datetime | None
    ended_by: Username
    end_reason: str

    @staticmethod
    def resolve_board(membership) -> str | None:
        return membership.board.display_code if membership.board else None


class PersonOut(Schema):
    id: int
    username: str
    name: str
    email: str
    is_active: bool
    roles: list[PersonRoleOut] = Field(description="The current roles in the administration.")

    @staticmethod
    def resolve_name(person) -> str:
        return person.get_full_name()

    @staticmethod
    def resolve_roles(person) -> list:
        return getattr(person, "roles_here", [])


class PersonHistoryOut(PersonOut):
    history: list[PersonRoleOut] = Field(
        description="Every role held in the administration, current and ended, newest first."
    )


class PersonIn(StrictIn):
    username: str = Field(..., min_length=1, max_length=150)
    name: str = Field("", max_length=300, description="Needed for a new person.")
    email: str = Field("", max_length=254)
    role: str = Field(..., description="admin, controller, editor or reader.")
    board: str | None = Field(None, max_length=20, description="A board code; null: every board.")
    send_link: bool = Field(
        False, description="Mail a new person a link to choose a password (needs e-mail)."
    )


class PersonPatch(StrictIn):
    name: str | None = Field(None, min_length=1, max_length=300)
    email: str | None = Field(None, max_length=254)


class RoleIn(StrictIn):
    role: str = Field(..., description="admin, controller, editor or reader.")
    board: str | None = Field(None, max_length=20, description="A board code; null: every board.")


class EndIn(StrictIn):
    reason: str = Field("", max_length=500)


class DeactivationOut(Schema):
    deactivated: bool = Field(
        description="True: the account is inactive. False: only this administration's roles "
        "ended (the person has roles elsewhere, or the account is not yours to deactivate)."
    )
    person: PersonHistoryOut


class PeopleImportErrorOut(Schema):
    column: str = Field(description="The column's heading (användarnamn, nämnd ...); '' the row.")
    message: str


class PeopleImportRowOut(Schema):
    row: int = Field(description="The row's number in the file; the heading row is 1.")
    username: str
    administration: str | None
    board: str | None
    role: str
    outcome: str = Field(description="new_person, new_role, unchanged or error.")
    errors: list[PeopleImportErrorOut]

    @staticmethod
    def resolve_row(row) -> int:
        return row.number

    @staticmethod
    def resolve_username(row) -> str:
        return row.username or row.cells.get("username", "")

    @staticmethod
    def resolve_administration(row) -> str | None:
        return row.administration.short_code if row.administration else None

    @staticmethod
    def resolve_board(row) -> str | None:
        return row.board.display_code if row.board else None


class PeopleImportPreviewOut(Schema):
    has_errors: bool
    new_people: int
    new_roles: int
    unchanged: int
    rows: list[PeopleImportRowOut]


class PeopleImportResultOut(Schema):
    people_created: int
    roles_granted: int
    unchanged: int
