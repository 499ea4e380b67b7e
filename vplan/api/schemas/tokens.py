"""A caller's own personal API tokens: never the token itself, except once when it is made."""

import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from vplan.api.models import DEFAULT_LIFETIME_DAYS, LONGEST_LIFETIME_DAYS
from vplan.api.schemas.common import StrictIn, Username


class ApiTokenOut(Schema):
    id: int
    name: str
    hint: str = Field(description="The token's first characters, to recognise it.")
    scope: Literal["read", "read-write"]
    created_at: datetime.datetime
    expires_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    revoked_by: Username = None
    usable: bool = Field(validation_alias="is_usable")


class ApiTokenIn(StrictIn):
    name: str = Field(max_length=100, description="What the token is for.")
    scope: Literal["read", "read-write"] = "read-write"
    expires_in_days: int = Field(DEFAULT_LIFETIME_DAYS, ge=1, le=LONGEST_LIFETIME_DAYS)


class ApiTokenCreatedOut(ApiTokenOut):
    token: str = Field(description="The token itself: shown only in this answer, never again.")
