"""A round reported as of a past moment shows what was known then."""

import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from vplan.audit.trail import soft_delete, update_with_trail
from vplan.plans.end_dates import EndDate
from vplan.reports.document import build_report, parse_as_of
from vplan.reports.formats import produce_report
from vplan.testing.factories import make_activity, make_round, report

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2024, 4, day, hour, tzinfo=STOCKHOLM)


@pytest.fixture
def history(plan, controller):
    with time_machine.travel(at(1), tick=False):
        reading = make_activity(plan=plan, text="Läsa mer i förskoleklass", decided_end="Juni")
        dropped = make_activity(plan=plan, text="Aktivitet som togs bort")
        round = make_round(plan=plan)
        report(
            activity=reading, round=round, status="Pågående", comment="Påbörjat.", author=controller
        )
    with time_machine.travel(at(10), tick=False):
        report(
            activity=reading,
            round=round,
            status="Genomfört",
            comment="Klart i april.",
            author=controller,
        )
        update_with_trail(obj=reading, by=controller, current_end=EndDate("September"))
        soft_delete(obj=dropped, by=controller)
        make_activity(plan=plan, text="Tillkom efter den femte")
    return round


def _texts(built):
    return [record.activity for record in built.records]


def test_as_of_shows_the_older_status_and_end_date(history):
    then = build_report(round=history, as_of=at(5, 12), language="sv")

    reading = next(r for r in then.records if r.activity == "Läsa mer i förskoleklass")
    assert (reading.status, reading.comment) == ("Pågående", "Påbörjat.")
    assert (reading.current_end, reading.postponed) == ("Juni", "Nej")
    assert then.legend == ""
    assert "(enligt uppgifterna den 5 april 2024 12:00)" in then.subtitle


def test_as_of_includes_what_existed_then_and_nothing_later(history):
    then = build_report(round=history, as_of=at(5, 12), language="sv")

    assert "Aktivitet som togs bort" in _texts(then)
    assert "Tillkom efter den femte" not in _texts(then)


def test_now_shows_the_latest_status(history):
    now = build_report(round=history, language="sv")

    reading = next(r for r in now.records if r.activity == "Läsa mer i förskoleklass")
    assert (reading.status, reading.current_end, reading.postponed) == (
        "Genomfört",
        "September",
        "Ja",
    )
    assert "Aktivitet som togs bort" not in _texts(now)
    assert "Tillkom efter den femte" in _texts(now)


def test_rendered_file_as_of_a_date_shows_the_older_status(history):
    content = produce_report(
        round=history, format="xlsx", as_of=parse_as_of("2024-04-05"), language="sv"
    ).content
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    reading = next(r for r in rows if r[8] == "Läsa mer i förskoleklass")
    assert reading[15] == "Pågående"


def test_parse_as_of_reads_dates_and_datetimes():
    assert parse_as_of("2024-04-05") == datetime.datetime(
        2024, 4, 5, 23, 59, 59, 999999, tzinfo=STOCKHOLM
    )
    assert parse_as_of("2024-04-05T12:30") == at(5, 12).replace(minute=30)
    assert parse_as_of("2024-04-05T12:30+00:00").utcoffset() == datetime.timedelta(0)
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_as_of("5 april")
