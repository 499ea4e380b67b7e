"""Saves racing a close of their round, and many saves racing on one activity (issue 14, case 8).

These run real threads, each with its own database connection, in transactional tests: on
PostgreSQL the saves truly overlap; on SQLite (IMMEDIATE transactions) the writers take turns.
"""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.test import Client

from vplan.audit.models import ChangeRecord
from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.reporting import RoundNotOpen, StatusConflict, submit_status_report
from vplan.followups.round_lifecycle import close_round, publish_round
from vplan.testing.factories import make_activity, make_round

# Transactional tests empty every table when they end; serialized_rollback puts back the rows
# the data migrations wrote (the status vocabulary, the perspectives) for the tests after them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAVERS = 12
SAVES_EACH = 8  # before the close starts, and as many again while it runs
RACERS = 50


@pytest.fixture(autouse=True)
def database_for_threads(transactional_db, tmp_path):
    """On SQLite, run on a file, as Vplan does, not on the in-memory test database.

    The in-memory test database is shared-cache: there a second writer is refused at once
    ('database table is locked') instead of waiting its turn (the busy timeout) as on a file.
    The test runs on a file copy; the in-memory database is kept alive and used again after.
    """
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    settings_dict = connection.settings_dict
    in_memory = settings_dict["NAME"]
    keep_alive = sqlite3.connect(in_memory, uri=True)
    connection.ensure_connection()
    copy = sqlite3.connect(tmp_path / "threads.sqlite3")
    connection.connection.backup(copy)
    copy.close()
    settings_dict["NAME"] = str(tmp_path / "threads.sqlite3")
    connection.close()
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = in_memory
        connection.ensure_connection()
        keep_alive.close()


def in_threads(count: int, work) -> list:
    """Run work(index) in `count` threads started at once; each closes its own connection."""
    start = threading.Barrier(count)

    def run(index):
        try:
            start.wait(timeout=30)
            return work(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def moves_of(round) -> dict[str, ChangeRecord]:
    """The round's recorded state moves: {new state: the record}."""
    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(FollowUpRound),
        object_id=str(round.pk),
        changes__has_key="state",
    )
    return {record.changes["state"][1]: record for record in records}


def test_a_save_with_a_round_read_before_the_close_is_refused(plan, editor, controller):
    round = make_round(plan=plan)
    activity = make_activity(plan=plan)
    seen_by_the_editor = FollowUpRound.objects.get(pk=round.pk)  # the grid was loaded
    close_round(round=round, by=controller)
    with pytest.raises(RoundNotOpen):
        submit_status_report(
            activity=activity,
            round=seen_by_the_editor,
            author=editor,
            status=Status.objects.get(name="Pågående"),
            comment="Sparad efter stängningen",
            expected_version=0,
        )
    assert not StatusReport.objects.exists()
    assert seen_by_the_editor.state == FollowUpRound.State.CLOSED


def test_no_report_lands_in_a_round_after_its_close(plan, editor, controller):
    round = make_round(plan=plan)
    activities = [make_activity(plan=plan, text=f"Aktivitet {n}") for n in range(SAVERS)]
    status = Status.objects.get(name="Pågående")
    first_saved = threading.Event()
    closing, closed = threading.Event(), threading.Event()

    def save_until_refused(index):
        """One author saving again and again, on a round object read before the close. On a
        busy machine the close may start late, or wait for the lock while the authors save:
        an author who has saved SAVES_EACH times waits for the close to start and saves on
        while it runs; one who has saved twice as often tries once more after it."""
        seen = FollowUpRound.objects.get(pk=round.pk)
        saved, refused = [], 0
        for version in range(SAVES_EACH * 2 + 1):
            if version == SAVES_EACH:
                closing.wait(timeout=30)
            elif version == SAVES_EACH * 2:
                closed.wait(timeout=30)
            try:
                report = submit_status_report(
                    activity=activities[index],
                    round=seen,
                    author=editor,
                    status=status,
                    comment=f"Sparning {version + 1}",
                    expected_version=version,
                )
            except RoundNotOpen:
                refused += 1
                break
            saved.append(report.pk)
            first_saved.set()
        return saved, refused

    def close_then_publish(_index):
        first_saved.wait(timeout=30)  # close while the authors are saving
        seen = FollowUpRound.objects.get(pk=round.pk)
        closing.set()
        close_round(round=seen, by=controller)
        closed.set()
        closed_returned = StatusReport.objects.filter(round=round).count()
        publish_round(round=seen, by=controller)
        return closed_returned

    def work(index):
        return close_then_publish(index) if index == SAVERS else save_until_refused(index)

    results = in_threads(SAVERS + 1, work)
    reports_when_closed, saves = results[-1], results[:-1]

    round.refresh_from_db()
    assert round.state == FollowUpRound.State.PUBLISHED
    answered_saved = [pk for saved, _refused in saves for pk in saved]
    in_round = StatusReport.objects.filter(round=round)
    # Every save answered 'saved' is there, and nothing else: none landed after the close.
    assert sorted(in_round.values_list("pk", flat=True)) == sorted(answered_saved)
    assert in_round.count() == reports_when_closed
    closed_at = moves_of(round)["closed"].changed_at
    assert all(report.created_at <= closed_at for report in in_round)
    assert moves_of(round)["published"].changed_at >= closed_at
    # The authors were stopped by the close, not by running out of saves.
    assert sum(refused for _saved, refused in saves) >= 1


def _racing_saves(round, activity, users, through_api: bool):
    status = Status.objects.get(name="Pågående")
    clients = []
    if through_api:
        for user in users:
            client = Client()
            client.force_login(user)
            clients.append(client)

    def save(index):
        if through_api:
            response = clients[index].post(
                f"/api/rounds/{round.pk}/activities/{activity.pk}/reports",
                data={"status": "Pågående", "comment": f"Förare {index}", "expected_version": 0},
                content_type="application/json",
            )
            return response.status_code, response.json()
        try:
            submit_status_report(
                activity=activity,
                round=round,
                author=users[index],
                status=status,
                comment=f"Förare {index}",
                expected_version=0,
            )
        except StatusConflict as conflict:
            return 409, {"current": {"version": conflict.current.version}}
        return 201, {}

    return in_threads(RACERS, save)


@pytest.mark.parametrize("through_api", [True, False], ids=["api", "operation"])
def test_fifty_saves_on_one_activity_have_one_winner_and_the_rest_see_both_versions(
    plan, administration, board, through_api
):
    from vplan.organisation.models import Role
    from vplan.testing.factories import make_member

    round = make_round(plan=plan)
    activity = make_activity(plan=plan, boards=[board])
    users = [
        make_member(administration=administration, role=Role.EDITOR, board=board)
        for _ in range(RACERS)
    ]

    results = _racing_saves(round, activity, users, through_api)

    codes = sorted(code for code, _body in results)
    assert codes == [201] + [409] * (RACERS - 1), codes
    winner = StatusReport.objects.get(activity=activity, round=round)
    assert winner.version == 1
    for code, body in results:
        if code != 409:
            continue
        assert body["current"]["version"] == 1
        if through_api:
            assert body["code"] == "conflict"
            assert body["current"]["comment"] == winner.comment
            assert body["yours"]["expected_version"] == 0
            assert body["yours"]["comment"].startswith("Förare ")


def test_saves_in_one_round_share_its_lock_and_a_close_waits_for_them(plan, editor, controller):
    """In a deadline week every editor saves in the same round: a save in progress holds the
    round's lock shared, so another save goes on at once, while a close waits its turn."""
    from django.db import OperationalError, connection, transaction

    from vplan.followups.reporting import round_locked_for_saving

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: there is no shared lock to test")
    round = make_round(plan=plan)
    first, second = make_activity(plan=plan), make_activity(plan=plan)
    holding, release = threading.Event(), threading.Event()

    def save_in_progress():
        try:
            with transaction.atomic():
                round_locked_for_saving(round.pk)
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    holder = threading.Thread(target=save_in_progress)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")
        report = submit_status_report(
            activity=second,
            round=round,
            author=editor,
            status=Status.objects.get(name="Pågående"),
            comment="Sparad medan en annan sparning pågår",
            expected_version=0,
        )
        assert report.version == 1
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        with pytest.raises(OperationalError, match="lock timeout"):
            close_round(round=round, by=controller)
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    round.refresh_from_db()
    assert round.state == FollowUpRound.State.OPEN
    assert not StatusReport.objects.filter(activity=first).exists()
