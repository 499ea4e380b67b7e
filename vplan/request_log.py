"""Logs: plain text by default, one JSON object per line with VPLAN_LOG_FORMAT=json.

RequestLogMiddleware writes one line per request to the logger `vplan.requests` (level INFO, so
it shows with VPLAN_LOG_LEVEL=INFO): method, path, status, duration and the signed-in user's id.
"""

import json
import logging
import time
from datetime import UTC, datetime

logger = logging.getLogger("vplan.requests")

# Fields a log record may carry (passed as `extra`) that the JSON line includes.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)  # Django's own request errors carry it
        if request is not None and hasattr(request, "path"):
            line["method"] = getattr(request, "method", None)
            line["path"] = request.path
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if not hasattr(record, "status") and isinstance(getattr(record, "status_code", None), int):
            line["status"] = record.status_code
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """First in MIDDLEWARE: times the whole request and logs it once it has an answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user_id": signed_in_user_id(request),
        }
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra=fields,
        )
        return response


def signed_in_user_id(request) -> int | None:
    """The user's id if the request already looked the user up; never a query of its own."""
    user = getattr(request, "_cached_user", None)  # set by AuthenticationMiddleware's lazy user
    return user.pk if user is not None and user.is_authenticated else None
