"""/healthz for load balancers: 200 and a small JSON body while the database answers, 503 when it
does not; no session, no CSRF, no redirect to https; only the allowed host names."""

import json

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.test import Client, override_settings


def test_200_with_a_small_json_body_while_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": True}
    assert "no-cache" in response["Cache-Control"]


def test_503_when_the_database_does_not_answer(client, db, monkeypatch):
    def refuse_connection():
        raise OperationalError("connection refused")  # the database server is down

    with monkeypatch.context() as patched:
        patched.setattr(connections[DEFAULT_DB_ALIAS], "ensure_connection", refuse_connection)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "unavailable", "database": False}


def test_no_session_cookie_no_csrf_cookie_and_head_works(client, db):
    response = client.get("/healthz")
    assert response.cookies == {}
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_not_redirected_to_https(db):
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/").status_code == 301


@pytest.mark.django_db
def test_the_host_must_be_an_allowed_one():
    with override_settings(ALLOWED_HOSTS=["vplan.example.se"]):
        assert Client(HTTP_HOST="10.0.0.5").get("/healthz").status_code == 400
        assert Client(HTTP_HOST="vplan.example.se").get("/healthz").status_code == 200
