"""The audit log (vplan.audit.audit_log): change records with each field before and after."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from vplan.api.schemas.common import username


class FieldChangeOut(Schema):
    field: str
    before: Any = None
    after: Any = None


class ChangeRecordOut(Schema):
    id: int
    changed_at: datetime.datetime
    changed_by: str | None
    administration: int | None = Field(validation_alias="administration_id")
    kind: str
    object_id: str
    object: str = Field(validation_alias="object_repr")
    action: str
    changes: list[FieldChangeOut]

    @staticmethod
    def resolve_changed_by(record) -> str | None:
        return username(record.changed_by)

    @staticmethod
    def resolve_kind(record) -> str:
        return f"{record.content_type.app_label}.{record.content_type.model}"

    @staticmethod
    def resolve_changes(record) -> list[dict]:
        changes = record.changes if isinstance(record.changes, dict) else {}
        return [
            {"field": name, "before": pair[0], "after": pair[1]}
            if isinstance(pair, list) and len(pair) == 2
            else {"field": name, "before": None, "after": pair}
            for name, pair in changes.items()
        ]
