"""Every refusal as JSON: {"detail": what is wrong, "code": a stable word, "errors": by field}.

codes: unauthenticated (401), forbidden / csrf_failed (403), not_found (404), invalid (400: the
field names say where), conflict (409: someone saved first), state (409: the plan's or round's
state does not allow it), round_not_open (409: the round takes no reports),
confirmation_required (400: closing or publishing without `confirm`; `missing` says what is
missing), before_as_of (409: publishing before the round's as-of date without the override),
another_round_open (409: opening a round while another of the plan is open; `open_rounds`).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from vplan.api.auth import CsrfFailed, NotSignedIn
from vplan.followups.reporting import RoundNotOpen
from vplan.followups.round_lifecycle import (
    AnotherRoundOpen,
    ConfirmationRequired,
    PublishedBeforeAsOf,
    RoundStateError,
)
from vplan.plans.editing import PlanStateError


def error_body(detail: str, code: str, errors: dict | None = None, **extra) -> dict:
    body = {"detail": detail, "code": code, "errors": errors or {}}
    body.update(extra)
    return body


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"__all__": list(error.messages)}


def summary(errors: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
        for field, messages in errors.items()
    )


# Where ninja says a parameter came from: the first part of every error location.
PARAMETER_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def _schema_location(loc) -> str:
    """The field as the caller names it: ninja's source (and the body's parameter name) off.

    ("body", "payload", "placements", 0, "board_goal") -> "placements.0.board_goal";
    ("query", "round") -> "round"; ("file", "file") -> "file"; ("form", "administration")
    -> "administration".
    """
    parts = [str(part) for part in loc]
    if parts and parts[0] in PARAMETER_SOURCES:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "body"


def document_refusals(document: dict) -> dict:
    """Add to each operation of the OpenAPI document the refusals any endpoint may answer
    with, whatever it declares itself: 400 (a parameter or body that does not parse, or holds a
    character no one types: json_errors.py), 401 (a wrong or expired token), 404 where the path
    names an object, 403 on a write (a session write without its CSRF token)."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    descriptions = {
        "400": "Bad input; `errors` says where",
        "401": "Sign in or send a valid token",
        "403": "Not allowed",
        "404": "Not found, or not visible to you",
    }
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            statuses = ["400", "401"]
            if "{" in path:
                statuses.append("404")
            if method in {"post", "put", "patch", "delete"}:
                statuses.append("403")
            responses = operation.setdefault("responses", {})
            for status in statuses:
                responses.setdefault(
                    status, {"description": descriptions[status], "content": error}
                )
    return document


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request, status: int, body: dict):
        return api.create_response(request, body, status=status)

    ninja_document = api.get_openapi_schema

    def get_openapi_schema(**kwargs):
        return document_refusals(ninja_document(**kwargs))

    # The document /api/openapi.json serves says what every endpoint may refuse with.
    api.get_openapi_schema = get_openapi_schema

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(
            request,
            404,
            error_body(
                _("Not found, or not visible to you: %(path)s") % {"path": request.path},
                "not_found",
            ),
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        message = str(exc) or _("You may not do this with your roles.")
        return respond(request, 403, error_body(message, "forbidden"))

    @api.exception_handler(DjangoValidationError)
    def invalid(request, exc):
        errors = field_errors(exc)
        return respond(request, 400, error_body(summary(errors), "invalid", errors))

    @api.exception_handler(PlanStateError)
    @api.exception_handler(RoundStateError)
    def wrong_state(request, exc):
        errors = field_errors(exc)
        return respond(request, 409, error_body(summary(errors), "state", errors))

    @api.exception_handler(ConfirmationRequired)
    def confirmation_required(request, exc):
        errors = field_errors(exc)
        missing = {
            "total": exc.missing.total,
            "boards": [
                {
                    "board_id": row.board.pk,
                    "code": row.board.display_code,
                    "name": row.board.name,
                    "count": row.count,
                }
                for row in exc.missing.boards
            ],
            "list": f"/api/rounds/{exc.round.pk}/missing",
        }
        body = error_body(summary(errors), "confirmation_required", errors, missing=missing)
        return respond(request, 400, body)

    @api.exception_handler(PublishedBeforeAsOf)
    def before_as_of(request, exc):
        errors = field_errors(exc)
        return respond(request, 409, error_body(summary(errors), "before_as_of", errors))

    @api.exception_handler(AnotherRoundOpen)
    def another_round_open(request, exc):
        errors = field_errors(exc)
        open_rounds = [{"id": other.pk, "label": other.label} for other in exc.open_rounds]
        body = error_body(summary(errors), "another_round_open", errors, open_rounds=open_rounds)
        return respond(request, 409, body)

    @api.exception_handler(RoundNotOpen)
    def round_not_open(request, exc):
        return respond(request, 409, error_body(str(exc), "round_not_open", {"round": [str(exc)]}))

    @api.exception_handler(SchemaValidationError)
    def schema_invalid(request, exc):
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_schema_location(error.get("loc", ())), []).append(
                error.get("msg", "")
            )
        return respond(request, 400, error_body(summary(errors), "invalid", errors))

    @api.exception_handler(NotSignedIn)
    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        message = str(exc) if isinstance(exc, NotSignedIn) else _("Sign in or send an API token.")
        return respond(request, 401, error_body(message, "unauthenticated"))

    @api.exception_handler(CsrfFailed)
    def csrf_failed(request, exc):
        return respond(request, 403, error_body(str(exc), "csrf_failed"))

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = "invalid" if exc.status_code == 400 else "error"
        return respond(request, exc.status_code, error_body(str(exc), code))
