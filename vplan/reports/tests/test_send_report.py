"""Sending freezes the report: the stored bytes never change, whatever the data does."""

import hashlib

import pytest

from vplan.audit.trail import history_of
from vplan.reports.formats import produce_report
from vplan.reports.models import SentReport
from vplan.reports.sending import send_report
from vplan.testing.factories import report


@pytest.mark.parametrize("format", ["pdf", "docx", "csv"])
def test_sent_report_stays_byte_identical_after_the_data_changes(report_data, controller, format):
    sent = send_report(round=report_data.round, format=format, by=controller, language="sv")
    frozen = bytes(SentReport.objects.get(pk=sent.pk).content)

    report(
        activity=report_data.shared,
        round=report_data.round,
        status="Genomfört",
        comment="Nu rapporterad i efterhand.",
    )
    fresh = produce_report(round=report_data.round, format=format, language="sv").content

    stored = SentReport.objects.get(pk=sent.pk)
    assert bytes(stored.content) == frozen
    assert hashlib.sha256(frozen).hexdigest() == stored.sha256
    assert stored.is_intact
    assert stored.size == len(frozen)
    assert fresh != frozen


def test_sent_report_records_who_when_and_as_of(report_data, controller):
    sent = send_report(round=report_data.round, format="pdf", by=controller, language="sv")

    assert sent.sent_by == controller
    assert sent.as_of == sent.sent_at
    assert sent.filename == "uppfoljning-tf-2024-2024-03-31.pdf"
    assert sent.content_type == "application/pdf"
    (record,) = history_of(sent)
    assert record.changed_by == controller
    assert record.changes["sha256"] == [None, sent.sha256]


def test_a_sent_report_cannot_be_changed(report_data, controller):
    sent = send_report(round=report_data.round, format="csv", by=controller)
    sent.content = b"forged"

    with pytest.raises(ValueError, match="frozen"):
        sent.save()
    assert bytes(SentReport.objects.get(pk=sent.pk).content) != b"forged"


def test_tampered_bytes_are_detected(report_data, controller):
    sent = send_report(round=report_data.round, format="csv", by=controller)
    SentReport.objects.filter(pk=sent.pk).update(content=b"changed behind our back")

    assert not SentReport.objects.get(pk=sent.pk).is_intact
