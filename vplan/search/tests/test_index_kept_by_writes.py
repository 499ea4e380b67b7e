"""The index follows every write; a search only reads (SQLite: triggers keep the FTS5 tables;
PostgreSQL: the tables are searched themselves)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vplan.audit.trail import restore, soft_delete
from vplan.followups.models import Status
from vplan.plans import editing
from vplan.plans.models import Assignment, Perspective
from vplan.search.documents import KINDS
from vplan.search.engines import index_table, reindex_search
from vplan.search.results import search
from vplan.testing.factories import make_activity, make_round, report

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP")


def _found(results) -> set:
    return {(r.kind, r.object.pk) for r in results}


def _searched_through_the_page(client, query: str) -> str:
    """The search page's content, failing if the request wrote anything."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search:search"), {"q": query})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    return response.content.decode()


@pytest.fixture
def round(plan):
    return make_round(plan=plan, as_of=datetime.date(2024, 8, 31))


def test_texts_written_through_the_operations_are_found_by_a_search_that_only_reads(
    client, plan, board, controller, round
):
    perspective = Perspective.objects.first()
    municipal_goal = editing.create_municipal_goal(
        plan=plan, perspective=perspective, title="Hållbar kommun", by=controller
    )
    editing.update_municipal_goal(
        goal=municipal_goal, title="Attraktiv arbetsgivare", by=controller
    )
    board_goal = editing.create_board_goal(
        plan=plan, title="Trygga skolor", municipal_goal=municipal_goal, by=controller
    )
    editing.update_board_goal(goal=board_goal, description="Studiero i klassrummen", by=controller)
    assignment = editing.create_assignment(
        plan=plan, text="Utreda simhallar", scope=Assignment.Scope.COMMON, by=controller
    )
    activity = editing.create_activity(
        plan=plan,
        text="Bygga förskola",
        boards=[board],
        decided_end="December",
        placements=[{"board_goal": board_goal}],
        by=controller,
    )
    editing.update_activity(activity=activity, text="Renovera fritidsgårdar", by=controller)
    first = report(activity=activity, round=round, comment="Upphandlingen är klar.")
    corrected = report(activity=activity, round=round, comment="Bygglov är beviljat.")

    client.force_login(controller)
    for query, kind, pk in [
        ("arbetsgivaren", "municipal_goal", municipal_goal.pk),
        ("studiero", "board_goal", board_goal.pk),
        ("simhall", "assignment", assignment.pk),
        ("fritidsgården", "activity", activity.pk),
        ("bygglov", "comment", corrected.pk),
    ]:
        assert "<mark>" in _searched_through_the_page(client, query)
        assert _found(search(query=query)) == {(kind, pk)}
    assert search(query="kommun") == []  # the old title of the municipal goal
    assert search(query="förskola") == []  # the old text of the activity
    assert search(query="upphandling") == []  # the comment of the corrected report
    assert first.pk != corrected.pk


def test_texts_written_through_the_pages_are_found_by_a_search_that_only_reads(
    client, plan, board, controller, editor, round
):
    activity = make_activity(plan=plan, text="Bygga förskola", boards=[board])
    client.force_login(controller)
    response = client.post(
        reverse("plans:activity_edit", args=[activity.pk]),
        {"text": "Renovera fritidsgårdarna", "boards": [board.pk], "end": "December"},
    )
    assert response.status_code == 302
    client.force_login(editor)
    response = client.post(
        reverse("followups:report", args=[round.pk, activity.pk]),
        {
            f"a{activity.pk}-status": str(Status.objects.get(name="Pågående").pk),
            f"a{activity.pk}-comment": "Ritningarna är godkända.",
            f"a{activity.pk}-expected_version": "0",
        },
    )
    assert response.status_code == 302

    content = _searched_through_the_page(client, "fritidsgård")
    assert "<mark>fritidsgårdarna</mark>" in content
    content = _searched_through_the_page(client, "ritning")
    assert "<mark>Ritningarna</mark>" in content
    assert "<mark>" not in _searched_through_the_page(client, "förskola")


def test_deleting_and_restoring_an_activity_or_its_plan_is_seen_at_once(
    client, plan, controller, round
):
    activity = make_activity(plan=plan, text="Starta övningsförskolor")
    comment = report(activity=activity, round=round, comment="Två övningsförskolor är i gång.")
    both = {("activity", activity.pk), ("comment", comment.pk)}
    assert _found(search(query="övningsförskola")) == both

    editing.delete_activity(activity=activity, by=controller)
    assert search(query="övningsförskola") == []
    editing.restore_activity(activity=activity, by=controller)
    assert _found(search(query="övningsförskola")) == both

    soft_delete(obj=plan, by=controller)
    assert search(query="övningsförskola") == []
    restore(obj=plan, by=controller)
    assert _found(search(query="övningsförskola")) == both


def test_a_newer_report_without_a_comment_hides_the_older_comment(plan, round):
    activity = make_activity(plan=plan)
    report(activity=activity, round=round, comment="Arbetet mot segregation fortsätter.")
    assert len(search(query="segregation", kinds=["comment"])) == 1
    report(activity=activity, round=round, status="Genomfört", comment="")
    assert search(query="segregation", kinds=["comment"]) == []


def _index_rows() -> dict[str, list]:
    rows = {}
    with connection.cursor() as cursor:
        for kind in KINDS.values():
            cursor.execute(f"SELECT rowid, body FROM {index_table(kind)} ORDER BY rowid")
            rows[kind.key] = cursor.fetchall()
    return rows


def test_what_the_writes_left_in_the_index_is_what_a_rebuild_writes(plan, controller, round):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite keeps an index")
    goal = editing.create_board_goal(plan=plan, title="Trygga skolor", by=controller)
    editing.update_board_goal(goal=goal, description="Studiero & ordning", by=controller)
    removed = make_activity(plan=plan, text="Bygga förskola", board_goal=goal)
    kept = make_activity(plan=plan, text="Renovera fritidsgårdar", board_goal=goal)
    editing.update_activity(activity=kept, text="Renovera fritidsgårdarna", by=controller)
    report(activity=kept, round=round, comment="Halvvägs.")
    report(activity=kept, round=round, comment="")
    removed.placements.all().delete()
    removed.delete()

    written = _index_rows()
    assert [rowid for rowid, _body in written["activity"]] == [kept.pk]
    assert written["board_goal"] == [(goal.pk, "trygga skolor studiero och ordning")]
    assert reindex_search() == sum(len(rows) for rows in written.values())
    assert _index_rows() == written
