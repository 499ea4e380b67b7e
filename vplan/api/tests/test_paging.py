"""Every list of the API pages with `limit`/`offset` (vplan/api/paging.py).

For each list: `limit=2` gives two items and the whole list's `count`, `offset` moves on without
repeating or skipping an item, the query count is the same for a small and a larger list, and
the OpenAPI document names both parameters. A GET route answering a list that is not paged fails
here, so a new one cannot be added without paging.
"""

import datetime
import itertools

import pytest
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vplan.api.paging import API_MAX_LIMIT, API_PAGE_SIZE
from vplan.api.tokens import create_api_token
from vplan.audit.models import ChangeRecord
from vplan.audit.trail import record_change
from vplan.followups.models import FollowUpRound, Status
from vplan.imports.models import DocumentImport
from vplan.lineage.models import LineageLink
from vplan.objectplans.tests.factories import make_object_plan
from vplan.organisation.models import Role
from vplan.reports.models import ReportTemplate, SentReport
from vplan.signin.claims import add_claim_mapping
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_board,
    make_member,
    make_plan,
    make_round,
    report,
)

pytestmark = pytest.mark.django_db

_number = itertools.count(1)
SMALL, MORE = 3, 5


@pytest.fixture
def world(administration, board, plan):
    """An administrator of an administration with a plan, its open round and one activity."""
    admin = make_member(administration=administration, role=Role.ADMIN, username="pager")
    round = make_round(plan=plan)
    activity = make_activity(plan=plan, boards=[board])
    return {
        "administration": administration,
        "board": board,
        "plan": plan,
        "round": round,
        "activity": activity,
        "admin": admin,
    }


def _plans(w, n):
    for _ in range(n):
        make_plan(administration=w["administration"], year=1900 + next(_number), boards=[])


def _rounds(w, n):
    for _ in range(n):
        as_of = datetime.date(w["plan"].year, 1, 1) + datetime.timedelta(days=next(_number))
        make_round(plan=w["plan"], as_of=as_of)


def _administrations(w, n):
    """Administrations with a published round are readable by everyone."""
    for _ in range(n):
        other = make_administration()
        make_round(
            plan=make_plan(administration=other, boards=[]), state=FollowUpRound.State.PUBLISHED
        )


def _boards(w, n):
    for _ in range(n):
        make_board(administration=w["administration"])


def _statuses(w, n):
    for _ in range(n):
        Status.objects.create(name=f"Status {next(_number)}", category="ongoing")


def _imports(w, n):
    for _ in range(n):
        DocumentImport.objects.create(
            sha256=f"{next(_number):064d}",
            source_name="rapport.docx",
            format="docx",
            plan=w["plan"],
            round=w["round"],
            document={},
            imported_by=w["admin"],
        )


def _object_plans(w, n):
    for _ in range(n):
        make_object_plan(administration=w["administration"], versions=("0.1", "1.0"))


def _tokens(w, n):
    for _ in range(n):
        create_api_token(user=w["admin"], name=f"skript {next(_number)}")


def _plan_history(w, n):
    for _ in range(n):
        record_change(
            obj=w["plan"], by=w["admin"], action=ChangeRecord.Action.CHANGED, changes={"n": [0, 1]}
        )


def _audit(w, n):
    for _ in range(n):
        record_change(
            obj=w["activity"],
            by=w["admin"],
            action=ChangeRecord.Action.CHANGED,
            changes={"text": ["A", "B"]},
        )


def _missing(w, n):
    for _ in range(n):
        make_activity(plan=w["plan"], boards=[w["board"]])


def _people(w, n):
    for _ in range(n):
        make_member(administration=w["administration"], role=Role.READER, board=w["board"])


def _sso_mappings(w, n):
    for _ in range(n):
        add_claim_mapping(
            claim_value=f"grupp-{next(_number)}",
            administration=w["administration"],
            board=None,
            role=Role.READER,
            by=w["admin"],
        )


def _report_templates(w, n):
    for _ in range(n):
        ReportTemplate.objects.create(
            administration=w["administration"],
            filename="mall.docx",
            file=b"PK",
            sha256="0" * 64,
            uploaded_by=w["admin"],
            is_active=False,
        )


def _activity_reports(w, n):
    for _ in range(n):
        report(activity=w["activity"], round=w["round"], author=w["admin"])


def _sent_reports(w, n):
    for _ in range(n):
        SentReport.objects.create(
            round=w["round"],
            format="pdf",
            filename="rapport.pdf",
            content_type="application/pdf",
            content=b"%PDF",
            sha256="0" * 64,
            size=4,
            as_of=datetime.datetime(2024, 3, 31, tzinfo=datetime.UTC),
            sent_by=w["admin"],
        )


# (the path as the OpenAPI document names it, the URL, what makes n more items)
LISTS = [
    ("/api/plans", lambda w: "/api/plans", _plans),
    ("/api/rounds", lambda w: "/api/rounds", _rounds),
    ("/api/administrations", lambda w: "/api/administrations", _administrations),
    ("/api/boards", lambda w: "/api/boards", _boards),
    (
        "/api/administrations/{administration_id}/boards",
        lambda w: f"/api/administrations/{w['administration'].pk}/boards",
        _boards,
    ),
    ("/api/statuses", lambda w: "/api/statuses", _statuses),
    ("/api/imports", lambda w: "/api/imports", _imports),
    ("/api/objectplans", lambda w: "/api/objectplans", _object_plans),
    ("/api/tokens", lambda w: "/api/tokens", _tokens),
    (
        "/api/history/{kind}/{object_id}",
        lambda w: f"/api/history/plans/{w['plan'].pk}",
        _plan_history,
    ),
    ("/api/rounds/{round_id}/missing", lambda w: f"/api/rounds/{w['round'].pk}/missing", _missing),
    ("/api/audit", lambda w: "/api/audit", _audit),
    (
        "/api/administrations/{administration_id}/people",
        lambda w: f"/api/administrations/{w['administration'].pk}/people",
        _people,
    ),
    (
        "/api/administrations/{administration_id}/sso-mappings",
        lambda w: f"/api/administrations/{w['administration'].pk}/sso-mappings",
        _sso_mappings,
    ),
    (
        "/api/administrations/{administration_id}/report-templates",
        lambda w: f"/api/administrations/{w['administration'].pk}/report-templates",
        _report_templates,
    ),
    (
        "/api/rounds/{round_id}/activities/{activity_id}/reports",
        lambda w: f"/api/rounds/{w['round'].pk}/activities/{w['activity'].pk}/reports",
        _activity_reports,
    ),
    (
        "/api/rounds/{round_id}/sent-reports",
        lambda w: f"/api/rounds/{w['round'].pk}/sent-reports",
        _sent_reports,
    ),
]
# Lists paged with @paged whose paging is tested with their own endpoint's filters.
PAGED_ELSEWHERE = {
    "/api/rounds/{round_id}/entries",  # the entry grid: test_entry_grid_and_missing.py
    "/api/search",  # search: test_search_endpoints.py
    # who has not reported, by person: followups/tests/test_missing_by_person.py
    "/api/rounds/{round_id}/missing/people",
    "/api/rounds/{round_id}/missing/people/{person}",
    # reminders, postponements, sign-off: their tests in vplan/followups/tests
    "/api/rounds/{round_id}/reminders",
    "/api/rounds/{round_id}/postponements",
    "/api/rounds/{round_id}/sign-off",
    "/api/rounds/{round_id}/late-corrections",
}


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    body = response.json()
    assert set(body) == {"items", "count"}, (url, body)
    return body


def _queries(client, url) -> int:
    """Queries for a page holding the whole list: a schema that reads per item shows here."""
    client.get(url, {"limit": API_MAX_LIMIT})  # warm the per-process caches (content types)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        _page(client, url, limit=API_MAX_LIMIT)
    return len(queries)


@pytest.mark.parametrize(("path", "url", "grow"), LISTS, ids=[entry[0] for entry in LISTS])
def test_the_list_pages_and_costs_the_same_queries_when_it_grows(world, path, url, grow):
    client = Client()
    client.force_login(world["admin"])
    url = url(world)
    before = _page(client, url, limit=API_MAX_LIMIT)["count"]

    grow(world, SMALL)
    first = _page(client, url, limit=2)
    assert first["count"] == before + SMALL
    assert len(first["items"]) == 2
    second = _page(client, url, limit=2, offset=2)
    assert second["count"] == before + SMALL
    whole = _page(client, url, limit=API_MAX_LIMIT)["items"]
    assert len(whole) == before + SMALL
    assert first["items"] == whole[:2] and second["items"] == whole[2:4]
    assert _page(client, url, offset=len(whole))["items"] == []
    small = _queries(client, url)

    grow(world, MORE)
    assert _page(client, url)["count"] == before + SMALL + MORE
    assert _queries(client, url) == small


def _links(w, n):
    if "last_year" not in w:
        w["last_year"] = make_plan(
            administration=w["administration"], year=w["plan"].year - 1, boards=[]
        )
    last_year = w["last_year"]
    for _ in range(n):
        LineageLink.objects.create(
            activity=make_activity(plan=w["plan"], boards=[w["board"]]),
            predecessor=make_activity(plan=last_year, boards=[]),
            confidence=0.5,
            reasons={},
        )


def test_the_lineage_links_page_inside_their_answer(world):
    """GET /plans/{id}/lineage answers the plan with its links: the links page there."""
    client = Client()
    client.force_login(world["admin"])
    url = f"/api/plans/{world['plan'].pk}/lineage"
    _links(world, SMALL)
    first = client.get(url, {"limit": 2}).json()
    second = client.get(url, {"limit": 2, "offset": 2}).json()
    whole = client.get(url, {"limit": API_MAX_LIMIT}).json()
    assert first["link_count"] == SMALL and len(first["links"]) == 2
    assert first["links"] + second["links"] == whole["links"]
    assert client.get(url, {"limit": 0}).status_code == 400

    def queries():
        client.get(url, {"limit": API_MAX_LIMIT})
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(url, {"limit": API_MAX_LIMIT})
        return len(captured)

    small = queries()
    _links(world, MORE)
    assert client.get(url).json()["link_count"] == SMALL + MORE
    assert queries() == small


def test_without_limit_a_page_holds_the_default_number(world):
    _statuses(world, API_PAGE_SIZE + 1 - Status.objects.count())
    body = Client().get("/api/statuses", {"all": "true"}).json()
    assert (body["count"], len(body["items"])) == (API_PAGE_SIZE + 1, API_PAGE_SIZE)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": API_MAX_LIMIT + 1}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_a_bad_limit_or_offset_is_a_json_400_naming_it(world, params, field):
    response = Client().get("/api/statuses", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]


def _document():
    return Client().get("/api/openapi.json").json()


def test_the_openapi_document_names_limit_and_offset_for_every_list():
    paths = _document()["paths"]
    for path, *_ in LISTS:
        parameters = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        assert parameters["limit"]["schema"]["maximum"] == API_MAX_LIMIT, path
        assert parameters["limit"]["schema"]["default"] == API_PAGE_SIZE, path
        assert parameters["offset"]["schema"]["minimum"] == 0, path
        answer = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert answer["$ref"].rsplit("/", 1)[-1].startswith("Paged"), path


def _answers_a_list(schema: dict, components: dict) -> bool:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema.get("type") == "array"


def test_no_get_route_answers_a_list_without_paging():
    """Walk the API's routes: every GET whose 200 is a JSON array (not a page) is a failure,
    and every paged one is in the table above, so it is tested for page size and queries."""
    document = _document()
    components = document["components"]["schemas"]
    unpaged, untested = [], []
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        content = get["responses"].get("200", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if schema is None:
            continue
        if _answers_a_list(schema, components):
            unpaged.append(path)
        paged = schema.get("$ref", "").rsplit("/", 1)[-1].startswith("Paged")
        if paged and path not in {entry[0] for entry in LISTS} | PAGED_ELSEWHERE:
            untested.append(path)
    assert unpaged == [], "page these lists with @paged (vplan/api/paging.py)"
    assert untested == [], "add these paged lists to LISTS (or PAGED_ELSEWHERE) above"
