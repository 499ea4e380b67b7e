"""The change history of an object (audit.trail.history_of)."""

import datetime

from ninja import Schema
from pydantic import Field


class ChangeOut(Schema):
    id: int
    action: str
    object: str = Field(validation_alias="object_repr")
    changes: dict
    changed_by: str | None
    changed_at: datetime.datetime

    @staticmethod
    def resolve_changed_by(record) -> str | None:
        by = record.changed_by
        return (by.get_full_name() or by.get_username()) if by else None
