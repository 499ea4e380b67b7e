"""A different version of a report Vplan holds (same administration, year and date) is shown as a
difference and applied only on confirmation: all or nothing, statuses as new versions, removed
activities soft-deleted, every change recorded. Command, page and API."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from vplan.audit.models import ChangeRecord
from vplan.followups.models import StatusReport
from vplan.imports.load import Outcome, load_parsed_document
from vplan.imports.models import DocumentImport, PendingImport
from vplan.imports.parsed import ImportFormatError
from vplan.imports.reading import read_bytes
from vplan.plans.models import Activity

from .helpers import NEW_BOARDS, small_report

pytestmark = pytest.mark.django_db


def _second_version() -> str:
    """The small report a month of work later: a status and a comment changed, an end date
    moved, one activity dropped and one added."""
    text = small_report()
    text = text.replace("\tBoU\tJuni\tGenomfört\t", "\tBoU\tJuni\tPågående\tInte klar ändå")
    text = text.replace("\tXyZ\tQ4\tKvarstår\t", "\tXyZ\tQ3\tKvarstår\t")
    text = text.replace(
        "\t<ul><li>Aktivitet utan status</li></ul>\tBIN\tDecember\t\t",
        "\t<ul><li>Ny aktivitet i andra versionen</li></ul>\tBIN\tNovember\tPågående\tStartad",
    )
    return text


def _parse(text: str, name: str = "v1.txt"):
    return read_bytes(path=name, data=text.encode())


@pytest.fixture
def first_version(administration, controller):
    result = load_parsed_document(
        parsed=_parse(small_report()), by=controller, sha256="v1", administration=administration
    )
    assert result.outcome == Outcome.IMPORTED
    return result


def _activity(text: str) -> Activity:
    return Activity.all_objects.get(text=text)


def test_the_difference_lists_added_removed_changed_and_statuses(first_version, administration):
    result = load_parsed_document(
        parsed=_parse(_second_version(), "v2.txt"),
        by=None,
        sha256="v2",
        administration=administration,
    )
    difference = result.difference
    assert (result.outcome, result.created) == (Outcome.DIFFERS, False)
    assert [item.text for item in difference.added] == ["Ny aktivitet i andra versionen"]
    assert [activity.text for activity in difference.removed] == ["Aktivitet utan status"]
    assert [(c.activity.text, c.fields) for c in difference.changed] == [
        ("Okänd nämnd gör något", {"current_end": ("Q4", "Q3")})
    ]
    assert [(c.activity.text, c.status_before, c.item.status) for c in difference.statuses] == [
        ("Egen aktivitet", "Genomfört", "Pågående")
    ]
    assert DocumentImport.objects.count() == 1  # nothing written
    assert StatusReport.objects.count() == 3  # the row without a status reports nothing


def test_applying_the_difference_adds_versions_soft_deletes_and_records(
    first_version, administration, controller
):
    own = _activity("Egen aktivitet")
    first_report = StatusReport.objects.get(activity=own)

    result = load_parsed_document(
        parsed=_parse(_second_version(), "v2.txt"),
        by=controller,
        sha256="v2",
        administration=administration,
        apply_changes=True,
    )

    assert (result.outcome, result.created) == (Outcome.UPDATED, True)
    reports = StatusReport.objects.filter(activity=own).order_by("version")
    assert [(r.version, r.status_text, r.comment) for r in reports] == [
        (1, "Genomfört", ""),
        (2, "Pågående", "Inte klar ändå"),
    ]
    first_report.refresh_from_db()
    assert first_report.status_text == "Genomfört"  # never overwritten
    removed = _activity("Aktivitet utan status")
    assert removed.is_deleted
    assert not Activity.objects.filter(pk=removed.pk).exists()
    assert str(_activity("Okänd nämnd gör något").current_end) == "Q3"
    added = _activity("Ny aktivitet i andra versionen")
    assert StatusReport.objects.get(activity=added).status_text == "Pågående"
    records = ChangeRecord.objects.filter(changed_by=controller)
    assert records.filter(action="deleted", object_id=str(removed.pk)).exists()
    assert records.filter(action="changed", content_type__model="activity").exists()
    assert records.filter(action="created", content_type__model="statusreport").count() == 1
    assert records.filter(action="created", object_id=str(added.pk)).exists()
    assert DocumentImport.objects.count() == 2
    again = load_parsed_document(
        parsed=_parse(_second_version(), "v2-again.txt"),
        by=controller,
        sha256="other bytes",
        administration=administration,
    )
    assert again.outcome == Outcome.UNCHANGED


def test_a_difference_is_applied_all_or_nothing(first_version, administration, controller):
    text = _second_version().replace("\tBIN\tNovember\t", "\tBIN\t" + "November " * 10 + "\t")
    counts = (StatusReport.objects.count(), Activity.objects.count(), ChangeRecord.objects.count())
    with pytest.raises(ImportFormatError, match="row 5, 'Ny aktivitet i andra versionen'"):
        load_parsed_document(
            parsed=_parse(text, "v2.txt"),
            by=controller,
            sha256="v2",
            administration=administration,
            apply_changes=True,
        )
    assert (
        StatusReport.objects.count(),
        Activity.objects.count(),
        ChangeRecord.objects.count(),
    ) == counts
    assert not _activity("Aktivitet utan status").is_deleted


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_lists_the_difference_and_applies_it_only_when_asked(
    first_version, administration, tmp_path
):
    path = tmp_path / "v2.txt"
    path.write_text(_second_version(), encoding="utf-8")

    output = _run(str(path), "--administration", administration.short_code)
    assert "another version of round" in output
    assert "added: Ny aktivitet i andra versionen (Pågående)" in output
    assert "removed: Aktivitet utan status" in output
    assert "status: Egen aktivitet: 'Genomfört' -> 'Pågående'" in output
    assert "run again with --apply-changes" in output
    assert not _activity("Aktivitet utan status").is_deleted

    output = _run(str(path), "--administration", administration.short_code, "--apply-changes")
    assert "updated plan" in output
    assert _activity("Aktivitet utan status").is_deleted


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, administration, text: str) -> PendingImport:
    file = SimpleUploadedFile("v2.txt", text.encode(), content_type="text/plain")
    client.post("/import/", {"administration": administration.pk, "file": file})
    return PendingImport.objects.latest("created_at")


def test_the_page_shows_the_difference_and_applies_it_on_confirmation(
    first_version, administration, controller
):
    client = _client(controller)
    pending = _upload(client, administration, _second_version())
    response = client.get(f"/import/{pending.pk}/")
    page = response.content.decode()
    assert "Skillnader mot versionen i Vplan" in page
    assert "Ny aktivitet i andra versionen" in page
    assert "Inte klar ändå" in page
    assert "För in skillnaderna" in page
    assert not _activity("Aktivitet utan status").is_deleted  # the preview writes nothing
    digest = response.context["preview"].difference.digest()

    response = client.post(f"/import/{pending.pk}/confirm/", {"difference": digest}, follow=True)

    assert "uppdaterade" in response.content.decode()
    assert _activity("Aktivitet utan status").is_deleted
    assert StatusReport.objects.filter(activity=_activity("Egen aktivitet")).count() == 2


def test_a_confirmation_of_a_difference_that_changed_since_the_preview_writes_nothing(
    first_version, administration, controller
):
    client = _client(controller)
    pending = _upload(client, administration, _second_version())
    digest = client.get(f"/import/{pending.pk}/").context["preview"].difference.digest()
    StatusReport.objects.create(  # someone reports meanwhile
        activity=_activity("Gemensam aktivitet"),
        round=first_version.record.round,
        version=2,
        status_text="Genomfört",
    )
    counts = (StatusReport.objects.count(), Activity.objects.count())

    response = client.post(f"/import/{pending.pk}/confirm/", {"difference": digest})

    assert response.status_code == 409
    assert "titta på skillnaderna igen" in response.content.decode()
    assert (StatusReport.objects.count(), Activity.objects.count()) == counts
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_the_api_shows_the_difference_and_refuses_to_apply_it_unasked(
    first_version, administration, controller
):
    client = _client(controller)

    def post(path):
        file = SimpleUploadedFile("v2.txt", _second_version().encode(), content_type="text/plain")
        return client.post(f"/api{path}", {"administration": administration.pk, "file": file})

    preview = post("/imports/preview").json()
    assert preview["can_import"] is True
    assert preview["already_imported"] is None
    assert any("annan version" in note for note in preview["notes"])
    response = post("/imports")
    assert response.status_code == 400
    assert "annan version" in response.json()["errors"]["file"][0]
    assert not _activity("Aktivitet utan status").is_deleted


def test_the_first_import_of_a_page_needs_no_difference(controller, administration):
    client = _client(controller)
    pending = _upload(client, administration, small_report())
    response = client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS)
    assert response.status_code == 302
    assert DocumentImport.objects.count() == 1


def test_the_same_report_again_leaves_what_was_changed_in_vplan_since(
    first_version, administration, controller
):
    own = _activity("Egen aktivitet")
    StatusReport.objects.create(
        activity=own, round=first_version.record.round, version=2, status_text="Pågående"
    )
    result = load_parsed_document(
        parsed=_parse(small_report(), "v1-again.txt"),
        by=controller,
        sha256="v1 again",
        administration=administration,
        apply_changes=True,
    )
    assert result.outcome == Outcome.UNCHANGED
    assert StatusReport.objects.filter(activity=own).count() == 2


def test_a_report_completing_an_existing_plan_is_the_same_report_the_second_time(
    administration, board, other_board, controller
):
    from vplan.testing.factories import make_activity, make_board, make_plan

    make_board(code="XyZ", name="Exempelnämnden", administration=administration)
    plan = make_plan(administration=administration, year=2031)
    make_activity(plan=plan, text="Egen aktivitet", boards=[board], decided_end="Maj")
    for name in ("v1.txt", "v1.docx.txt"):
        result = load_parsed_document(
            parsed=_parse(small_report(), name),
            by=controller,
            sha256=name,
            administration=administration,
        )
    assert result.outcome == Outcome.UNCHANGED
    assert str(_activity("Egen aktivitet").current_end) == "Maj"  # the plan's own, untouched


def test_the_api_applies_the_difference_when_asked(first_version, administration, controller):
    client = _client(controller)
    file = SimpleUploadedFile("v2.txt", _second_version().encode(), content_type="text/plain")
    response = client.post(
        "/api/imports", {"administration": administration.pk, "file": file, "apply_changes": True}
    )
    assert response.status_code in (200, 201), response.content
    assert _activity("Aktivitet utan status").is_deleted
