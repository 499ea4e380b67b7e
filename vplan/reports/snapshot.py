"""The report model as plain JSON data and back, so a publication can keep it unchanged.

`report_to_data(report)` gives JSON-ready dicts and lists; `report_from_data(data)` rebuilds the
same `Report`, dataclass by dataclass, guided by the type hints of the model in document.py.
Renderers cannot tell a report read back from one built from the database.
"""

import dataclasses
import datetime
import types
import typing
from functools import cache

from vplan.reports.document import Report


def report_to_data(report: Report) -> dict:
    return _encode(report)


def report_from_data(data: dict) -> Report:
    return _decode(Report, data)


def _encode(value):
    if dataclasses.is_dataclass(value):
        return {field.name: _encode(getattr(value, field.name)) for field in _fields(type(value))}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return value


@cache
def _fields(cls) -> tuple[dataclasses.Field, ...]:
    return tuple(dataclasses.fields(cls))


@cache
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _decode(kind, value):
    if value is None:
        return None
    origin = typing.get_origin(kind)
    arguments = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [argument for argument in arguments if argument is not type(None)]
        return _decode(inner, value)
    if origin is list:
        return [_decode(arguments[0], item) for item in value]
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(_decode(arguments[0], item) for item in value)
        return tuple(
            _decode(argument, item) for argument, item in zip(arguments, value, strict=True)
        )
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(
            **{
                field.name: _decode(hints[field.name], value[field.name])
                for field in _fields(kind)
                if field.name in value
            }
        )
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    if kind is datetime.date:
        return datetime.date.fromisoformat(value)
    return value
