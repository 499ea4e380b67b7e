"""What the resources' schemas share: strict request bodies, the error body, and how a schema
reads an end date, a list of boards or an object with more to it than its model."""

from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from vplan.plans.editing import MAX_TEXT_LENGTH, typed_text_problem
from vplan.plans.responsible_people import person_label


class StrictIn(Schema):
    """Request bodies: an unknown field is an error, so a typo does not pass silently."""

    model_config = ConfigDict(extra="forbid")


class ErrorOut(Schema):
    detail: str
    code: str
    errors: dict[str, list[str]] = {}


# The refusals an endpoint may answer with (errors.py says what each code means).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def text_or_none(value) -> str | None:
    return str(value) if value else None


def board_codes(boards) -> list[str]:
    return [board if isinstance(board, str) else board.display_code for board in boards]


def username(user) -> str | None:
    return user.get_username() if user else None


# An end date as the documents write it ('December', 'Q4'), or None.
EndText = Annotated[str | None, BeforeValidator(text_or_none)]
# Boards by their display codes ('BiN'): read from boards, or from codes already.
BoardCodes = Annotated[list[str], BeforeValidator(board_codes)]
# A user by their username (who did something), or None.
Username = Annotated[str | None, BeforeValidator(username)]
# Text that may be translated lazily (a label).
Text = Annotated[str, BeforeValidator(str)]


def typed_text(value):
    problem = typed_text_problem(value) if isinstance(value, str) else None
    if problem:
        raise PydanticCustomError("typed_text", problem)
    return value


# Text a person types (an activity, a comment, a description): at most MAX_TEXT_LENGTH
# characters, none of them a control character (but tab and line breaks). The operations
# check the same (plans/editing.py check_typed_text); here the document says so.
TypedText = Annotated[str, BeforeValidator(typed_text), Field(max_length=MAX_TEXT_LENGTH)]
# The same, for a field with a shorter bound of its own: `ShortText = Field("", max_length=200)`.
ShortText = Annotated[str, BeforeValidator(typed_text)]


def tuple_item(index: int) -> staticmethod:
    """A resolver of a schema that reads tuples: `resolve_key = tuple_item(0)`."""
    return staticmethod(lambda row: row[index])


class Extended:
    """An object read together with what an endpoint adds to it: `Extended(goal, activities=[...])`
    reads as the goal, and has `activities` too (the activities standing under it there)."""

    def __init__(self, obj, **more):
        self._obj = obj
        self.__dict__.update(more)

    def __getattr__(self, name):
        return getattr(self._obj, name)


class PersonRef(Schema):
    """A person, for callers who may see personal names (the one redaction rule decides)."""

    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(user) -> str:
        return person_label(user)
