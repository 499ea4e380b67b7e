"""The caller: who they are, their roles and the open rounds they report in."""

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.rounds import RoundWithMissingOut


class MembershipOut(Schema):
    administration_id: int
    board: str | None
    role: str

    @staticmethod
    def resolve_board(membership) -> str | None:
        return membership.board.display_code if membership.board else None


# The caller (a user, or AnonymousUser) with `memberships` and `open_rounds` added.
class MeOut(Schema):
    authenticated: bool = Field(validation_alias="is_authenticated")
    username: str | None
    name: str | None
    is_superuser: bool
    memberships: list[MembershipOut]
    open_rounds: list[RoundWithMissingOut]

    @staticmethod
    def resolve_username(user) -> str | None:
        return user.get_username() if user.is_authenticated else None

    @staticmethod
    def resolve_name(user) -> str | None:
        return (user.get_full_name() or user.get_username()) if user.is_authenticated else None
