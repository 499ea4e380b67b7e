"""Single sign-on's group mappings: which group at the provider gives which role."""

from ninja import Field, Schema

from vplan.api.schemas.common import StrictIn


class ClaimMappingOut(Schema):
    id: int
    claim_value: str = Field(description="The group name or id as the provider sends it.")
    administration: int = Field(alias="administration_id")
    board: int | None = Field(None, alias="board_id", description="Empty: every board.")
    role: str


class ClaimMappingIn(StrictIn):
    claim_value: str = Field(max_length=255)
    board: int | None = Field(
        None, description="A board of the administration; empty: every board."
    )
    role: str = Field(description="admin, controller, editor or reader.")
