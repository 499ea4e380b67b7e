"""Logs: one JSON object per line with VPLAN_LOG_FORMAT=json, a line per request with its method,
path, status, duration and user id; plain text otherwise."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from vplan.request_log import JsonFormatter
from vplan.testing.factories import make_user

VPLAN = str(Path(sys.executable).with_name("vplan"))


@pytest.fixture
def json_lines():
    """The request logger at INFO, formatted as in production with VPLAN_LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("vplan.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_gives_one_parseable_json_line(client, db, json_lines):
    user = make_user(username="anna")
    client.force_login(user)
    client.get(reverse("front:start"))
    [line] = json_lines()
    assert line["level"] == "INFO"
    assert line["logger"] == "vplan.requests"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/", 200)
    assert line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], float)
    assert line["time"].endswith("+00:00")
    assert line["message"].startswith("GET / 200 ")


def test_a_visitor_has_no_user_id(client, db, json_lines):
    client.get("/finns-inte/")
    [line] = json_lines()
    assert (line["status"], line["user_id"]) == (404, None)


def test_an_error_carries_its_exception_in_the_line():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Fel", None, None)
    try:
        raise RuntimeError("trasigt")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Fel"
    assert "RuntimeError: trasigt" in line["exception"]


def run_a_request(tmp_path, log_format):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTEST_VERSION": "1",  # the tests' secret key
        "DATABASE_URL": f"sqlite:///{tmp_path / 'logs.sqlite3'}",
        "VPLAN_LOG_FORMAT": log_format,
        "VPLAN_LOG_LEVEL": "INFO",
    }
    code = "from django.test import Client; Client().get('/healthz')"
    result = subprocess.run(
        [VPLAN, "shell", "--no-imports", "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.splitlines()


def test_vplan_log_format_json_makes_every_line_a_json_object(tmp_path):
    lines = [json.loads(line) for line in run_a_request(tmp_path, "json")]
    requests = [line for line in lines if line["logger"] == "vplan.requests"]
    assert [(line["path"], line["status"]) for line in requests] == [("/healthz", 200)]


def test_the_default_is_plain_text(tmp_path):
    [line] = [line for line in run_a_request(tmp_path, "plain") if "vplan.requests" in line]
    assert "INFO vplan.requests: GET /healthz 200" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)
