"""The permission matrix: every page and API endpoint that changes data, tried as each persona
(PERSONAS), is allowed or refused exactly as EXPECTED says; docs/permissions.md is printed from
EXPECTED by this test and must match it (VPLAN_WRITE_PERMISSIONS=1 rewrites the file).

Each request runs in a savepoint rolled back afterwards, so every persona meets the same world.
An answer is "ok" when the request got past the access rules (2xx, a redirect that is not the
sign-in page, or 400/409/422 from the operation's own checks of a minimal request), "refused"
for 403/404, "sign in" for 401 or a redirect to the sign-in page; a 5xx fails the test.
Completeness: every URL pattern that accepts POST, and every non-GET operation of the OpenAPI
document, must have a row, so a new one cannot go untested.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from vplan.api.api import api
from vplan.tests.permission_world import PERSONAS, build_world

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
PERSONA_KEYS = [key for key, _ in PERSONAS]

OK, REFUSED, SIGN_IN = "ok", "refused", "sign in"


def classify(response, *, page: bool) -> str:
    status = response.status_code
    assert status < 500, f"{status}: {response.content[:300]!r}"
    if status == 401:
        return SIGN_IN
    if status in (403, 404):
        return REFUSED
    if page and status in (301, 302) and "/accounts/login/" in response.get("Location", ""):
        return SIGN_IN
    assert status != 405, "the method is not allowed: not a changing route"
    return OK


# --- the API: every non-GET operation of the OpenAPI document -----------------------------------

API_PARAMS = {
    "administration_id": "administration",
    "board_id": "board",
    "plan_id": "plan",
    "assignment_id": "assignment",
    "activity_id": "activity",
    "placement_id": "placement",
    "round_id": "round",
    "job_id": "job",
    "link_id": "link",
    "object_plan_id": "object_plan",
    "item_id": "item",
    "line_id": "line",
    "post_id": "post",
    "token_id": "token",
    "mapping_id": "mapping",
    "person_id": "person",
    "membership_id": "membership",
}


@functools.cache
def openapi() -> dict:
    return api.get_openapi_schema()


def api_operations() -> list[tuple[str, str, dict]]:
    schema = openapi()
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in ("post", "put", "patch", "delete"):
                operations.append((method.upper(), path, operation))
    return operations


def api_object_key(path: str, param: str) -> str:
    if param == "goal_id":
        return "municipal_goal" if "municipal-goals" in path else "board_goal"
    return API_PARAMS[param]


def api_url(path: str, world: dict) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(world[api_object_key(path, m.group(1))].pk), path)


# Body fields that must name an object of the world to get past the schema and the lookups.
BODY_VALUES = {
    "administration": lambda world: world["administration"].pk,
    "ids": lambda world: [world["activity"].pk],
    "board": lambda world: world["board"].pk,
}


def example(schema: dict, components: dict, world: dict):
    """A minimal value the schema accepts: the request reaches the operation's own checks."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components, world)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            options = [s for s in schema[combined] if s.get("type") != "null"]
            return example(options[0], components, world)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: BODY_VALUES[name](world)
            if name in BODY_VALUES
            else example(schema["properties"][name], components, world)
            for name in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-06-30"
    if schema.get("format") == "date-time":
        return "2026-06-30T12:00:00+02:00"
    return "Matris"


def api_request(client, *, method, path, operation, world):
    components = openapi()["components"]["schemas"]
    url = api_url(path, world)
    body = operation.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in body:
        fields = example(body["multipart/form-data"]["schema"], components, world)
        data = {
            name: _upload() if name == "file" else _form_value(value)
            for name, value in fields.items()
        }
        return client.generic(method, url, **_multipart(data))
    if "application/json" in body:
        payload = example(body["application/json"]["schema"], components, world)
        return client.generic(
            method, url, data=json.dumps(payload), content_type="application/json"
        )
    return client.generic(method, url)


def _form_value(value):
    return json.dumps(value) if isinstance(value, dict | list) else value


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("matris.txt", b"Matris\n", content_type="text/plain")


def _multipart(data):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


def as_each_persona(send, world, *, page: bool) -> dict:
    """send(client) as each persona, signed in with a session (the API takes it as the pages do),
    each in a savepoint rolled back afterwards."""
    answers = {}
    for persona in PERSONA_KEYS:
        savepoint = transaction.savepoint()
        try:
            client = Client()
            if world["people"][persona] is not None:
                client.force_login(world["people"][persona])
            answers[persona] = classify(send(client), page=page)
        finally:
            transaction.savepoint_rollback(savepoint)
    return answers


# --- the pages: every URL pattern that accepts POST ---------------------------------------------

# The URL arguments of every page with arguments, by the page's name: the world's object (or a
# fixed value). Several rows for a pattern that takes an action word.
PAGE_ARGUMENTS = {
    "api_token_revoke": [{"pk": "token"}],
    "password_reset_confirm": [{"uidb64": "x", "token": "y"}],
    "imports:preview": [{"pk": "pending_import"}],
    "imports:confirm": [{"pk": "pending_import"}],
    "imports:cancel": [{"pk": "pending_import"}],
    "reports:page": [{"round_id": "round"}],
    "reports:download": [{"round_id": "round", "format": "csv"}],
    "reports:send": [{"round_id": "round"}],
    "reports:sent_list": [{"round_id": "round"}],
    "reports:sent_download": [{"sent_id": 1}],
    "reports:template": [{"round_id": "round"}],
    "reports:use_default_template": [{"round_id": "round"}],
    "jobs:job": [{"pk": "job"}],
    "jobs:file": [{"pk": "job"}],
    "jobs:cancel": [{"pk": "job"}],
    "objectplans:detail": [{"pk": "object_plan"}],
    "objectplans:report_docx": [{"pk": "object_plan"}],
    "objectplans:report_pdf": [{"pk": "object_plan"}],
    "objectplans:export": [{"pk": "object_plan"}],
    "objectplans:approve": [{"pk": "object_plan"}],
    "objectplans:link": [{"pk": "object_plan", "item_pk": "item"}],
    "objectplans:add_line": [{"pk": "object_plan"}],
    "objectplans:remove_line": [{"pk": "object_plan", "line_pk": "line"}],
    "objectplans:add_key": [{"pk": "object_plan"}],
    "objectplans:add_post": [{"pk": "object_plan"}],
    "objectplans:remove_post": [{"pk": "object_plan", "post_pk": "post"}],
    "objectplans:forecast": [{"pk": "object_plan"}],
    "lineage:plan": [{"plan_id": "plan"}],
    "lineage:propose": [{"plan_id": "plan"}],
    "lineage:rollover": [{"plan_id": "plan"}],
    "lineage:decide": [{"link_id": "link"}],
    "overviews:status": [{"administration_id": "administration"}],
    "overviews:done_share": [{"administration_id": "administration"}],
    "overviews:chronic": [{"administration_id": "administration"}],
    "overviews:overdue": [{"administration_id": "administration"}],
    "organisation:boards": [{"pk": "administration"}],
    "organisation:board": [{"pk": "board"}],
    "organisation:retire_board": [{"pk": "board"}],
    "organisation:reactivate_board": [{"pk": "board"}],
    "organisation:people": [{"pk": "administration"}],
    "organisation:add_person": [{"pk": "administration"}],
    "organisation:import_people": [{"pk": "administration"}],
    "organisation:import_people_confirm": [{"pk": "administration"}],
    "organisation:person": [{"pk": "administration", "person_pk": "person"}],
    "organisation:grant_role": [{"pk": "administration", "person_pk": "person"}],
    "organisation:edit_person": [{"pk": "administration", "person_pk": "person"}],
    "organisation:deactivate_person": [{"pk": "administration", "person_pk": "person"}],
    "organisation:reactivate_person": [{"pk": "administration", "person_pk": "person"}],
    "organisation:send_password_link": [{"pk": "administration", "person_pk": "person"}],
    "organisation:end_role": [{"pk": "administration", "membership_pk": "membership"}],
    "signin:mappings": [{"pk": "administration"}],
    "signin:remove_mapping": [{"pk": "mapping"}],
    "plans:plan": [{"plan_id": "plan"}],
    "plans:activity": [{"activity_id": "activity"}],
    "plans:edit": [{"plan_id": "plan"}],
    "plans:change_state": [
        {"plan_id": "plan", "action": "decide"},
        {"plan_id": "plan", "action": "revise"},
    ],
    "plans:municipal_goal_new": [{"plan_id": "plan"}],
    "plans:municipal_goal_edit": [{"goal_id": "municipal_goal"}],
    "plans:board_goal_new": [{"plan_id": "plan"}],
    "plans:board_goal_edit": [{"goal_id": "board_goal"}],
    "plans:assignment_new": [{"plan_id": "plan"}],
    "plans:assignment_edit": [{"assignment_id": "assignment"}],
    "plans:activity_new": [{"plan_id": "plan"}],
    "plans:activity_edit": [{"activity_id": "activity"}],
    "plans:add_place": [{"activity_id": "activity"}],
    "plans:remove_place": [{"placement_id": "placement"}],
    "plans:activity_delete": [{"activity_id": "activity"}],
    "plans:activity_restore": [{"activity_id": "deleted_activity"}],
    "plans:move": [
        {"kind": "activity", "pk": "activity", "direction": "down"},
        {"kind": "municipal_goal", "pk": "municipal_goal", "direction": "down"},
        {"kind": "board_goal", "pk": "board_goal", "direction": "down"},
        {"kind": "assignment", "pk": "assignment", "direction": "down"},
        {"kind": "placement", "pk": "placement", "direction": "down"},
    ],
    "followups:round": [{"round_id": "round"}],
    "followups:report": [{"round_id": "round", "activity_id": "activity"}],
    "followups:missing": [{"round_id": "round"}],
    "followups:missing_people": [{"round_id": "round"}],
    "followups:missing_people_csv": [{"round_id": "round"}],
    "followups:send_reminders": [{"round_id": "round"}],
    "followups:reminder_days": [{"round_id": "round"}],
    "followups:readiness": [{"round_id": "round"}],
    "followups:readiness_step": [{"round_id": "round", "board_id": "board"}],
    "followups:late_correction": [{"round_id": "round", "activity_id": "activity"}],
    "followups:postpone": [{"round_id": "round", "activity_id": "activity"}],
    "followups:postponements": [{"round_id": "round"}],
    "followups:responsible_people": [{"round_id": "round", "activity_id": "activity"}],
    "followups:round_sheet": [{"round_id": "round"}],
    "followups:round_sheet_download": [{"round_id": "round"}],
    "followups:round_sheet_apply": [{"round_id": "round"}],
    "followups:create_round": [{"plan_id": "plan"}],
    "followups:change_state": [
        {"round_id": "round", "action": action} for action in ("close", "open", "publish", "reopen")
    ],
}
# Not part of the matrix: the sign-in pages (everyone), the sign-on steps (the provider's answer
# decides), the language choice and the health check.
OUTSIDE_THE_MATRIX = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "password_change",
    "password_change_done",
    "signin:start",
    "signin:callback",
    "front:healthz",
    "front:favicon",
}


WORDS_IN_URLS = {"kind", "action", "direction", "format", "uidb64", "token"}


def _pk(world, value):
    return world[value].pk if isinstance(value, str) else value


def url_patterns(patterns=None, prefix="", namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            if not route.startswith(("api/", "admin/", "i18n/")):
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def page_urls(world) -> list[tuple[str, str]]:
    """(name, url) of every page, each of a pattern's argument rows."""
    from django.urls import reverse

    urls = []
    for name, pattern in url_patterns():
        if name in OUTSIDE_THE_MATRIX:
            continue
        if not pattern.pattern.converters and not pattern.pattern.regex.groupindex:
            urls.append((name, reverse(name)))
            continue
        assert name in PAGE_ARGUMENTS, f"{name}: say in PAGE_ARGUMENTS which objects its URL takes"
        for arguments in PAGE_ARGUMENTS[name]:
            kwargs = {
                key: value if key in WORDS_IN_URLS else _pk(world, value)
                for key, value in arguments.items()
            }
            urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


# --- who may: the rules of docs/ui.md, one line each ----------------------------------------------

WHO = {
    "managers": (
        {"superuser", "admin", "controller"},
        "controllers and administrators of the administration",
    ),
    "administrators": ({"superuser", "admin"}, "administrators of the administration"),
    "reporters": (
        {"superuser", "admin", "controller", "editor"},
        "who may report on the activity: editors of its boards, controllers, administrators",
    ),
    "round reporters": (
        {"superuser", "admin", "controller", "editor", "editor_other"},
        "who may report in the round: its plan's editors (each file row only on their boards' "
        "activities), controllers, administrators",
    ),
    "any manager": (
        {"superuser", "admin", "controller", "outsider"},
        "controllers and administrators, into an administration they manage",
    ),
    "signed in": (set(PERSONA_KEYS) - {"anonymous"}, "everyone signed in, for themselves"),
    "owner": ({"editor"}, "the token's owner only"),
    "uploader": ({"controller"}, "who uploaded the file only"),
    "starter": ({"superuser", "controller"}, "who started the job, and superusers"),
}

API_RULES = {
    "POST /api/administrations/{administration_id}/boards": "managers",
    "PATCH /api/boards/{board_id}": "managers",
    "POST /api/boards/{board_id}/retire": "managers",
    "POST /api/boards/{board_id}/reactivate": "managers",
    "POST /api/plans/{plan_id}/decide": "managers",
    "POST /api/plans/{plan_id}/revise": "managers",
    "POST /api/plans/{plan_id}/municipal-goals": "managers",
    "PATCH /api/municipal-goals/{goal_id}": "managers",
    "POST /api/plans/{plan_id}/board-goals": "managers",
    "PATCH /api/board-goals/{goal_id}": "managers",
    "POST /api/plans/{plan_id}/assignments": "managers",
    "PATCH /api/assignments/{assignment_id}": "managers",
    "POST /api/plans/{plan_id}/reorder": "managers",
    "PATCH /api/activities/{activity_id}": "managers",
    "DELETE /api/activities/{activity_id}": "managers",
    "POST /api/plans/{plan_id}/activities": "managers",
    "POST /api/activities/{activity_id}/end-date": "managers",
    "POST /api/activities/{activity_id}/placements": "managers",
    "DELETE /api/placements/{placement_id}": "managers",
    "POST /api/activities/{activity_id}/restore": "managers",
    "PATCH /api/rounds/{round_id}": "managers",
    "POST /api/plans/{plan_id}/rounds": "managers",
    "POST /api/rounds/{round_id}/close": "managers",
    "POST /api/rounds/{round_id}/open": "managers",
    "POST /api/rounds/{round_id}/publish": "managers",
    "POST /api/rounds/{round_id}/reopen": "managers",
    "POST /api/rounds/{round_id}/activities/{activity_id}/reports": "reporters",
    "POST /api/rounds/{round_id}/reminders": "managers",
    "PUT /api/rounds/{round_id}/reminder-days": "managers",
    "POST /api/rounds/{round_id}/sign-off/{board_id}": "reporters",
    "POST /api/rounds/{round_id}/activities/{activity_id}/late-correction": "managers",
    "POST /api/rounds/{round_id}/activities/{activity_id}/postpone": "reporters",
    "POST /api/rounds/{round_id}/sheet/preview": "round reporters",
    "POST /api/rounds/{round_id}/sheet/apply": "round reporters",
    "POST /api/imports": "managers",
    "POST /api/imports/preview": "managers",
    "POST /api/jobs/{job_id}/cancel": "starter",
    "POST /api/rounds/{round_id}/sent-reports": "managers",
    "POST /api/administrations/{administration_id}/report-templates": "managers",
    "POST /api/administrations/{administration_id}/report-templates/default": "managers",
    "POST /api/plans/{plan_id}/lineage/propose": "managers",
    "POST /api/lineage-links/{link_id}/decide": "managers",
    "POST /api/plans/{plan_id}/rollover": "managers",
    "POST /api/plans/{plan_id}/rollover/proposal": "managers",
    "POST /api/objectplans/import": "any manager",
    "POST /api/objectplans/{object_plan_id}/versions/approve": "managers",
    "POST /api/objectplans/{object_plan_id}/activities/{item_id}/link": "managers",
    "POST /api/objectplans/{object_plan_id}/budget/lines": "managers",
    "DELETE /api/objectplans/{object_plan_id}/budget/lines/{line_id}": "managers",
    "POST /api/objectplans/{object_plan_id}/budget/keys": "managers",
    "POST /api/objectplans/{object_plan_id}/budget/shared-posts": "managers",
    "DELETE /api/objectplans/{object_plan_id}/budget/shared-posts/{post_id}": "managers",
    "POST /api/objectplans/{object_plan_id}/budget/forecast": "managers",
    "POST /api/tokens": "signed in",
    "POST /api/tokens/{token_id}/revoke": "owner",
    "POST /api/administrations/{administration_id}/sso-mappings": "administrators",
    "DELETE /api/sso-mappings/{mapping_id}": "administrators",
    "POST /api/administrations/{administration_id}/people": "administrators",
    "PATCH /api/administrations/{administration_id}/people/{person_id}": "administrators",
    "POST /api/administrations/{administration_id}/people/{person_id}/roles": "administrators",
    "POST /api/administrations/{administration_id}/memberships/{membership_id}/end": (
        "administrators"
    ),
    "POST /api/administrations/{administration_id}/people/{person_id}/deactivate": (
        "administrators"
    ),
    "POST /api/administrations/{administration_id}/people/{person_id}/reactivate": (
        "administrators"
    ),
    "POST /api/administrations/{administration_id}/people/import/preview": "administrators",
    "POST /api/administrations/{administration_id}/people/import": "administrators",
}

PAGE_RULES = {
    "api_tokens": "signed in",
    "api_token_revoke": "owner",
    "imports:upload": "any manager",
    "imports:confirm": "uploader",
    "imports:cancel": "uploader",
    "reports:send": "managers",
    "reports:template": "managers",
    "reports:use_default_template": "managers",
    "jobs:cancel": "starter",
    "objectplans:import": "any manager",
    "objectplans:approve": "managers",
    "objectplans:link": "managers",
    "objectplans:add_line": "managers",
    "objectplans:remove_line": "managers",
    "objectplans:add_key": "managers",
    "objectplans:add_post": "managers",
    "objectplans:remove_post": "managers",
    "objectplans:forecast": "managers",
    "lineage:propose": "managers",
    "lineage:rollover": "managers",
    "lineage:decide": "managers",
    "organisation:boards": "managers",
    "organisation:board": "managers",
    "organisation:retire_board": "managers",
    "organisation:reactivate_board": "managers",
    "organisation:add_person": "administrators",
    "organisation:import_people": "administrators",
    "organisation:import_people_confirm": "administrators",
    "organisation:grant_role": "administrators",
    "organisation:edit_person": "administrators",
    "organisation:deactivate_person": "administrators",
    "organisation:reactivate_person": "administrators",
    "organisation:send_password_link": "administrators",
    "organisation:end_role": "administrators",
    "signin:mappings": "administrators",
    "signin:remove_mapping": "administrators",
    "plans:change_state": "managers",
    "plans:municipal_goal_new": "managers",
    "plans:municipal_goal_edit": "managers",
    "plans:board_goal_new": "managers",
    "plans:board_goal_edit": "managers",
    "plans:assignment_new": "managers",
    "plans:assignment_edit": "managers",
    "plans:activity_new": "managers",
    "plans:activity_edit": "managers",
    "plans:add_place": "managers",
    "plans:remove_place": "managers",
    "plans:activity_delete": "managers",
    "plans:activity_restore": "managers",
    "plans:move": "managers",
    "followups:report": "reporters",
    "followups:send_reminders": "managers",
    "followups:reminder_days": "managers",
    "followups:readiness_step": "reporters",
    "followups:late_correction": "managers",
    "followups:postpone": "reporters",
    "followups:responsible_people": "managers",
    "followups:round_sheet": "round reporters",
    "followups:round_sheet_apply": "round reporters",
    "followups:create_round": "managers",
    "followups:change_state": "managers",
}

# The command line acts with the server's own rights (whoever may run `vplan` on the server);
# the commands that change data record who through --user / --by.
CHANGING_COMMANDS = {
    "apitoken": "creates and revokes tokens for a named user",
    "demo": "loads the demo municipality",
    "import": "imports reports (--user: recorded as)",
    "import-objectplan": "imports IT object plans (--user)",
    "lineage": "proposes and decides links (--user)",
    "load": "loads an exchange file (--user)",
    "objectplan-approve": "approves an object plan version (--user)",
    "people": "imports people and roles (--by)",
    "remind": "sends reminder e-mails (recorded as sent by Vplan)",
    "purge": "removes data for real, under a recorded decision (--decision, --by)",
    "report": "with --send, freezes a report (--by)",
    "rollover": "creates next year's plan (--user)",
    "roundsheet": "with import --apply, adds status reports from a filled-in round sheet (--user)",
    "search": "with --reindex, rebuilds the search index",
    "sso": "changes group mappings (--user)",
    "worker": "runs queued jobs as the people who queued them",
}
READING_COMMANDS = {"export", "objectplan-export", "objectplan-report", "rounds"}


def expected_answers(rule: str) -> dict:
    allowed, _ = WHO[rule]
    return {
        persona: OK if persona in allowed else SIGN_IN if persona == "anonymous" else REFUSED
        for persona in PERSONA_KEYS
    }


def api_rows_of(group: str):
    return [
        (method, path, operation)
        for method, path, operation in api_operations()
        if path.split("/")[2] == group
    ]


API_GROUPS = sorted({path.split("/")[2] for _, path, _ in api_operations()})


def test_every_changing_api_operation_has_a_rule():
    operations = {f"{method} {path}" for method, path, _ in api_operations()}
    assert sorted(operations - API_RULES.keys()) == [], "add these to API_RULES"
    assert sorted(API_RULES.keys() - operations) == [], "these operations are gone"


@pytest.mark.django_db
@pytest.mark.parametrize("group", API_GROUPS)
def test_the_api_allows_and_refuses_as_the_rules_say(demo, group):
    world = build_world(demo)
    wrong = {}
    for method, path, operation in api_rows_of(group):
        actual = as_each_persona(
            functools.partial(
                api_request, method=method, path=path, operation=operation, world=world
            ),
            world,
            page=False,
        )
        expected = expected_answers(API_RULES[f"{method} {path}"])
        if actual != expected:
            wrong[f"{method} {path}"] = {
                p: f"{actual[p]} (expected {expected[p]})"
                for p in PERSONA_KEYS
                if actual[p] != expected[p]
            }
    assert wrong == {}, json.dumps(wrong, indent=1)


PAGE_GROUPS = ["accounts", "imports", "reports", "jobs", "objectplans", "lineage"]
PAGE_GROUPS += ["organisation", "signin", "plans", "followups"]


def page_group(name: str) -> str:
    return name.split(":")[0] if ":" in name else "accounts"


@pytest.mark.django_db
@pytest.mark.parametrize("group", PAGE_GROUPS)
def test_the_pages_allow_and_refuse_as_the_rules_say(demo, group):
    world = build_world(demo)
    wrong, unlisted = {}, []
    for name, url in page_urls(world):
        if page_group(name) != group:
            continue
        if name not in PAGE_RULES:
            superuser = Client()
            superuser.force_login(world["people"]["superuser"])
            savepoint = transaction.savepoint()
            status = superuser.post(url).status_code
            transaction.savepoint_rollback(savepoint)
            if status != 405:
                unlisted.append(f"{name} ({url}) answers POST with {status}: add it to PAGE_RULES")
            continue
        actual = as_each_persona(lambda client, url=url: client.post(url), world, page=True)
        expected = expected_answers(PAGE_RULES[name])
        if actual != expected:
            wrong[url] = {
                p: f"{actual[p]} (expected {expected[p]})"
                for p in PERSONA_KEYS
                if actual[p] != expected[p]
            }
    assert unlisted == []
    assert wrong == {}, json.dumps(wrong, indent=1)


def test_every_page_group_is_tried():
    names = {name for name, _ in url_patterns()} - OUTSIDE_THE_MATRIX
    assert {page_group(name) for name in names} - set(PAGE_GROUPS) <= {
        "search",
        "overviews",
        "audit",
        "front",
    }, "a new namespace: add it to PAGE_GROUPS"
    assert PAGE_RULES.keys() <= names


def test_every_command_is_either_changing_or_reading():
    from django.core.management import get_commands

    ours = {name for name, app in get_commands().items() if app.startswith("vplan.")}
    assert ours == CHANGING_COMMANDS.keys() | READING_COMMANDS


# --- the table in the docs, printed from the rules above ------------------------------------------

MARKS = {OK: "✓", REFUSED: "–", SIGN_IN: "sign in"}


def matrix_document() -> str:
    heading = "| | " + " | ".join(label for _, label in PERSONAS) + " |"
    rule_line = "|---|" + "---|" * len(PERSONAS)

    def row(label, rule):
        answers = expected_answers(rule)
        return f"| {label} | " + " | ".join(MARKS[answers[p]] for p in PERSONA_KEYS) + " |"

    lines = [
        "# Who may change what: the permission matrix",
        "",
        "Printed by `vplan/tests/test_permission_matrix.py` from the rules it checks: every page",
        "and API operation that changes data is tried as each persona below, on the demo",
        "municipality, and must be allowed (✓), refused (–: 403, or 404 where the person may not",
        "know the object exists) or sent to sign in exactly as this table says. Regenerate with",
        "`VPLAN_WRITE_PERMISSIONS=1 .venv/bin/pytest vplan/tests/test_permission_matrix.py`.",
        "",
        "The object acted on belongs to the administration; the activity to the editor's board.",
        '"Member of another administration" is an administrator there. Reading follows the',
        "rules of [ui.md](ui.md): members read their administration's plans and rounds, everyone",
        "reads what is published, and signed out no personal name is shown.",
        "",
        "## Rules",
        "",
        "| rule | who |",
        "|---|---|",
        *[f"| {name} | {text} |" for name, (_, text) in WHO.items()],
        "",
        "## Pages (POST)",
        "",
        heading.replace("| |", "| page |", 1),
        rule_line,
        *[row(f"`{name}`", rule) for name, rule in sorted(PAGE_RULES.items())],
        "",
        "## JSON API",
        "",
        heading.replace("| |", "| operation |", 1),
        rule_line,
        *[row(f"`{op}`", rule) for op, rule in API_RULES.items()],
        "",
        "## Command line",
        "",
        "The `vplan` commands act with the rights of whoever may run them on the server (the",
        "operator); those that change data record the person they act for.",
        "",
        "| command | changes |",
        "|---|---|",
        *[f"| `vplan {name}` | {text} |" for name, text in sorted(CHANGING_COMMANDS.items())],
        "",
        "Reading only: " + ", ".join(f"`vplan {name}`" for name in sorted(READING_COMMANDS)) + ".",
        "",
    ]
    return "\n".join(lines)


def test_the_docs_print_the_matrix():
    document = matrix_document()
    if os.environ.get("VPLAN_WRITE_PERMISSIONS"):
        DOC.write_text(document, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == document, (
        "docs/permissions.md differs from the rules: VPLAN_WRITE_PERMISSIONS=1 rewrites it"
    )
