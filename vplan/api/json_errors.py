"""Everything under /api/ answers in JSON, whatever goes wrong (see errors.py for the body).

ninja turns the API's own refusals into JSON. What it never sees is answered here:

- input no endpoint should ever get: a NUL byte (PostgreSQL refuses it in text), another control
  character or a lone surrogate in a query parameter, or anywhere in a JSON body. The answer is a
  400 naming the parameter (`q`) or the place in the body (`placements.0.text`), before any
  endpoint runs, so no endpoint needs to think of it;
- Django's own answers (405 with its Allow header, 400, 413, ...), which are HTML or plain text;
- an exception no handler expected: logged with its traceback and answered with a JSON 500
  (with DEBUG on, Django's technical page stays, for the developer).
"""

import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from vplan.api.errors import error_body
from vplan.plans.editing import FORBIDDEN_CHARACTERS

logger = logging.getLogger("vplan.api")

API_PREFIX = "/api/"
# What each status is called in the body's `code` when Django, not the API, answered.
CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
}


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().endswith("json")


def _problem(text: str) -> str | None:
    forbidden = FORBIDDEN_CHARACTERS.search(text)
    if forbidden is None:
        return None
    return _(
        "Contains a character that is not allowed (U+%(code)04X) at position %(position)s."
    ) % {
        "code": ord(forbidden.group()),
        "position": forbidden.start() + 1,
    }


def _walk(value, where: str):
    """(where, text) for every text in a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            yield inner, str(key)
            yield from _walk(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}.{index}" if where else str(index))


def input_errors(request: HttpRequest) -> dict[str, list[str]]:
    """Each query parameter or place in a JSON body that holds a character no one types."""
    errors: dict[str, list[str]] = {}
    for name, values in request.GET.lists():
        for text in (name, *values):
            problem = _problem(text)
            if problem:
                errors.setdefault(_problem_place(name), []).append(problem)
                break
    if request.content_type == "application/json":
        try:
            # The body is the endpoint's to refuse if it is not JSON; only read here.
            body = json.loads(request.body) if request.body else None
        except ValueError:
            body = None
        for where, text in _walk(body, ""):
            problem = _problem(text)
            if problem:
                errors.setdefault(where or "body", []).append(problem)
    if request.method == "POST" and request.content_type == "multipart/form-data":
        # The form fields beside an upload (the file itself is its reader's to judge).
        for name, values in request.POST.lists():
            for text in (name, *values):
                problem = _problem(text)
                if problem:
                    errors.setdefault(_problem_place(name), []).append(problem)
                    break
    return errors


def _problem_place(name: str) -> str:
    """A parameter's name as it can be shown (its own bad characters made visible)."""
    return name.encode("unicode_escape").decode("ascii") if _problem(name) else name


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_request(request):
            return self.get_response(request)
        try:
            errors = input_errors(request)
        except RequestDataTooBig:
            return JsonResponse(
                error_body(_("The request body is too large."), "too_large"), status=413
            )
        if errors:
            summary = "; ".join(f"{field}: {' '.join(texts)}" for field, texts in errors.items())
            return JsonResponse(error_body(summary, "invalid", errors), status=400)
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            return self._as_json(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_api_request(request) or settings.DEBUG:
            return None
        logger.error(
            "Unhandled exception in %s %s", request.method, request.path, exc_info=exception
        )
        return JsonResponse(server_error_body(), status=500)

    def _as_json(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        if status >= 500:
            if settings.DEBUG:
                return response
            body = server_error_body()
        elif status == 405:
            allowed = response.get("Allow", "")
            body = error_body(
                _("%(method)s is not allowed here; allowed: %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                "method_not_allowed",
            )
        elif status == 404:
            body = error_body(
                _("Not found, or not visible to you: %(path)s") % {"path": request.path},
                "not_found",
            )
        else:
            body = error_body(
                _("The request was refused (HTTP %(status)s).") % {"status": status},
                CODES.get(status, "error"),
            )
        converted = JsonResponse(body, status=status)
        for header in ("Allow", "WWW-Authenticate", "Retry-After"):
            if header in response:
                converted[header] = response[header]
        return converted


def server_error_body() -> dict:
    return error_body(
        _("Something went wrong on the server. It is logged; please try again later."),
        "server_error",
    )
