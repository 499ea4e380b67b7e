"""Administrations and their boards."""

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import StrictIn


class BoardOut(Schema):
    id: int
    code: str
    display_code: str
    name: str
    administration_id: int | None
    order: int
    is_active: bool
    replaced_by_id: int | None = Field(description="The board it was merged into or renamed as.")


class BoardIn(StrictIn):
    display_code: str = Field(..., min_length=1, max_length=20)
    name: str = Field(..., min_length=1, max_length=200)
    order: int | None = Field(None, ge=0)


class BoardPatch(StrictIn):
    display_code: str | None = Field(None, min_length=1, max_length=20)
    name: str | None = Field(None, min_length=1, max_length=200)
    order: int | None = Field(None, ge=0)


class BoardRetireIn(StrictIn):
    replaced_by: int | None = Field(None, description="The board it was merged into, if any.")


class AdministrationRef(Schema):
    id: int
    name: str
    short_code: str


class AdministrationOut(AdministrationRef):
    municipality: str
    boards: list[BoardOut]
