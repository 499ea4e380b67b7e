"""Updating a round in Excel through the pages: download, edit, upload for a preview, confirm.

Every refusal is a row of the preview with its number and reason (or the whole file refused);
nothing is saved before the confirmation, and the confirmation saves all or nothing.
"""

import hashlib
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from vplan.followups.models import FollowUpRound, Status, StatusReport
from vplan.followups.round_sheet import KEY_HEADER
from vplan.testing.factories import make_activity, make_municipal_goal, make_round, place, report


@pytest.fixture
def round(plan):
    return make_round(plan=plan)


@pytest.fixture
def reading(plan, board):
    return make_activity(plan=plan, text="Läsfrämjande insatser", boards=[board])


@pytest.fixture
def meals(plan, other_board):
    return make_activity(plan=plan, text="Skolmåltider", boards=[other_board])


# --- helpers shared by the round sheet's tests --------------------------------------------------


def download(client, round) -> bytes:
    response = client.get(reverse("followups:round_sheet_download", args=[round.pk]))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def _columns(sheet) -> dict[str, int]:
    header = [cell.value for cell in sheet[1]]
    return {
        "key": header.index(KEY_HEADER),
        "status": header.index("Status"),
        "comment": header.index("Kommentar") if "Kommentar" in header else header.index("Comment"),
    }


def rows_of(content: bytes) -> list[dict]:
    """Each data row as {row, activity_id, status, comment}."""
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    columns = _columns(sheet)
    found = []
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        key = values[columns["key"]] or ""
        found.append(
            {
                "row": number,
                "activity_id": int(key.split(":")[1]) if key else None,
                "status": values[columns["status"]],
                "comment": values[columns["comment"]],
            }
        )
    return found


def edited(content: bytes, changes: dict, *, add_rows=()) -> bytes:
    """The workbook with {activity: (status, comment)} written on each of the activity's rows
    (None leaves a cell), and `add_rows` of (status, comment) added without a key."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    columns = _columns(sheet)
    for cells in sheet.iter_rows(min_row=2):
        key = cells[columns["key"]].value or ""
        activity_id = int(key.split(":")[1]) if key else None
        for activity, (status, comment) in changes.items():
            if activity.pk != activity_id:
                continue
            if status is not None:
                cells[columns["status"]].value = status
            if comment is not None:
                cells[columns["comment"]].value = comment
    for status, comment in add_rows:
        row = [None] * (columns["key"] + 1)
        row[columns["status"]], row[columns["comment"]] = status, comment
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(client, round, content: bytes, name="omgang.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("followups:round_sheet", args=[round.pk]), {"file": file})


def confirmation_of(response) -> str:
    return response.context["preview"].confirmation


def apply(client, round, confirmation: str):
    return client.post(
        reverse("followups:round_sheet_apply", args=[round.pk]), {"confirmation": confirmation}
    )


def outcomes(response) -> dict[int, tuple[str, str]]:
    """{row number: (outcome, reason)} of the preview."""
    return {row.row: (row.outcome, row.reason) for row in response.context["preview"].rows}


def row_of(content: bytes, activity) -> int:
    return next(row["row"] for row in rows_of(content) if row["activity_id"] == activity.pk)


# --- the round trip ---------------------------------------------------------------------------


def test_controller_updates_two_activities_through_excel(client, controller, round, reading, meals):
    report(activity=reading, round=round, status="Pågående", comment="Start.")
    client.force_login(controller)
    content = download(client, round)
    assert {row["activity_id"] for row in rows_of(content)} == {reading.pk, meals.pk}
    changed = edited(
        content,
        {reading: ("Genomfört", "Klart i maj."), meals: ("Pågående", "Upphandling pågår.")},
    )

    preview = upload(client, round, changed)
    assert preview.status_code == 200
    assert preview.context["preview"].counts == {"unchanged": 0, "changed": 2, "refused": 0}
    html = preview.content.decode()
    assert "Ingenting är sparat än." in html
    assert "Pågående → Genomfört" in html
    assert StatusReport.objects.filter(round=round).count() == 1  # nothing saved yet

    response = apply(client, round, confirmation_of(preview))
    assert response.status_code == 302
    assert response["Location"] == reverse("followups:round", args=[round.pk])
    latest = {r.activity_id: r for r in StatusReport.objects.filter(round=round).current()}
    assert (latest[reading.pk].status.name, latest[reading.pk].comment) == (
        "Genomfört",
        "Klart i maj.",
    )
    assert (latest[reading.pk].version, latest[reading.pk].author) == (2, controller)
    assert (latest[meals.pk].status.name, latest[meals.pk].version) == ("Pågående", 1)
    assert StatusReport.objects.filter(round=round).count() == 3  # appended, nothing overwritten
    page = client.get(response["Location"])
    assert "Sparat från Excel: 2 statusrapporter." in page.content.decode()


def test_a_file_uploaded_as_downloaded_changes_nothing(client, controller, round, reading, meals):
    report(activity=reading, round=round, status="Pågående", comment="=SUMMA(A1)")
    client.force_login(controller)
    content = download(client, round)
    preview = upload(client, round, content)
    assert preview.status_code == 200
    assert preview.context["preview"].counts == {"unchanged": 2, "changed": 0, "refused": 0}
    assert preview.context["preview"].changes == []
    assert 'id="confirm-form"' not in preview.content.decode()


def test_a_comment_that_looks_like_a_formula_is_text_in_the_file(
    client, controller, round, reading
):
    report(activity=reading, round=round, status="Pågående", comment="=HYPERLINK(1)")
    client.force_login(controller)
    sheet = load_workbook(io.BytesIO(download(client, round))).worksheets[0]
    comment = sheet.cell(row=2, column=_columns(sheet)["comment"] + 1)
    assert comment.data_type == "s"
    assert comment.value == "=HYPERLINK(1)"
    assert comment.quotePrefix


def test_the_key_column_is_hidden_and_inside_the_filter(client, controller, round, reading):
    client.force_login(controller)
    sheet = load_workbook(io.BytesIO(download(client, round))).worksheets[0]
    key_letter = sheet.cell(row=1, column=_columns(sheet)["key"] + 1).column_letter
    assert sheet.column_dimensions[key_letter].hidden
    assert sheet.auto_filter.ref.split(":")[1].startswith(key_letter)


def test_a_row_already_as_the_file_says_is_unchanged(client, controller, round, reading):
    client.force_login(controller)
    content = edited(download(client, round), {reading: ("Pågående", "Halvvägs.")})
    report(activity=reading, round=round, status="Pågående", comment="Halvvägs.")
    preview = upload(client, round, content)
    assert outcomes(preview)[row_of(content, reading)] == ("unchanged", "Redan så i Vplan.")


# --- refusals, each with its row number and reason ----------------------------------------------


def test_an_unknown_status_is_refused_with_its_row(client, controller, round, reading, meals):
    client.force_login(controller)
    content = edited(
        download(client, round), {reading: ("Nästan klart", None), meals: ("Pågående", None)}
    )
    preview = upload(client, round, content)
    outcome, reason = outcomes(preview)[row_of(content, reading)]
    assert outcome == "refused"
    assert "Okänd status ”Nästan klart”" in reason
    assert "Genomfört" in reason  # the statuses to choose from
    html = preview.content.decode()
    assert f'id="sheet-row-{row_of(content, reading)}" data-outcome="refused"' in html
    assert preview.context["preview"].counts["changed"] == 1
    apply(client, round, confirmation_of(preview))
    assert list(StatusReport.objects.values_list("activity_id", flat=True)) == [meals.pk]


def test_an_editor_may_not_change_another_boards_activity(client, editor, round, reading, meals):
    client.force_login(editor)
    content = edited(
        download(client, round), {reading: ("Pågående", "Mitt."), meals: ("Pågående", "Inte mitt.")}
    )
    preview = upload(client, round, content)
    assert outcomes(preview)[row_of(content, reading)][0] == "changed"
    outcome, reason = outcomes(preview)[row_of(content, meals)]
    assert outcome == "refused"
    assert "inte rapportera om den här aktiviteten" in reason
    apply(client, round, confirmation_of(preview))
    saved = StatusReport.objects.get()
    assert (saved.activity, saved.author, saved.comment) == (reading, editor, "Mitt.")


def test_someone_reporting_since_the_download_is_a_conflict_not_an_overwrite(
    client, controller, editor, round, reading
):
    client.force_login(controller)
    content = edited(download(client, round), {reading: ("Genomfört", "Från Excel.")})
    report(
        activity=reading, round=round, status="Pågående", comment="Från rutnätet.", author=editor
    )
    preview = upload(client, round, content)
    outcome, reason = outcomes(preview)[row_of(content, reading)]
    assert outcome == "refused"
    assert reason.startswith("Konflikt:")
    assert "version 0, nu 1" in reason
    assert preview.context["preview"].changes == []
    assert StatusReport.objects.get().comment == "Från rutnätet."


def test_a_conflict_between_preview_and_confirmation_saves_nothing(
    client, controller, editor, round, reading, meals
):
    client.force_login(controller)
    content = edited(
        download(client, round), {reading: ("Genomfört", "A."), meals: ("Pågående", "B.")}
    )
    preview = upload(client, round, content)
    assert preview.context["preview"].counts["changed"] == 2
    report(activity=meals, round=round, status="Kvarstår", comment="Hann före.", author=editor)
    response = apply(client, round, confirmation_of(preview))
    assert response.status_code == 409
    assert "Ingenting sparades" in response.content.decode()
    assert f"rad {row_of(content, meals)}" in response.content.decode()
    assert [(r.activity_id, r.comment) for r in StatusReport.objects.all()] == [
        (meals.pk, "Hann före.")
    ]


def test_an_empty_status_is_refused(client, controller, round, reading):
    client.force_login(controller)
    content = edited(download(client, round), {reading: (None, "Bara en kommentar.")})
    outcome, reason = outcomes(upload(client, round, content))[row_of(content, reading)]
    assert outcome == "refused"
    assert "Statusen är tom" in reason


def test_a_row_added_in_excel_is_refused(client, controller, round, reading):
    client.force_login(controller)
    content = edited(download(client, round), {}, add_rows=[("Pågående", "Ny aktivitet?")])
    preview = upload(client, round, content)
    outcome, reason = outcomes(preview)[3]
    assert outcome == "refused"
    assert "saknar nyckel" in reason


def test_different_changes_to_one_activity_on_two_rows_are_refused(
    client, controller, plan, round, reading
):
    place(activity=reading, municipal_goal=make_municipal_goal(plan=plan, title="Andra målet"))
    client.force_login(controller)
    content = download(client, round)
    rows = [row["row"] for row in rows_of(content) if row["activity_id"] == reading.pk]
    assert len(rows) == 2
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    status_column = _columns(sheet)["status"] + 1
    sheet.cell(row=rows[0], column=status_column).value = "Pågående"
    sheet.cell(row=rows[1], column=status_column).value = "Genomfört"
    output = io.BytesIO()
    workbook.save(output)
    preview = upload(client, round, output.getvalue())
    assert [outcomes(preview)[row][0] for row in rows] == ["refused", "refused"]
    assert "olika på rad" in outcomes(preview)[rows[0]][1]


def test_the_same_change_on_both_rows_of_an_activity_is_made_once(
    client, controller, plan, round, reading
):
    place(activity=reading, municipal_goal=make_municipal_goal(plan=plan, title="Andra målet"))
    client.force_login(controller)
    content = edited(download(client, round), {reading: ("Genomfört", "Klart.")})
    preview = upload(client, round, content)
    assert preview.context["preview"].counts["changed"] == 2
    assert len(preview.context["preview"].changes) == 1
    apply(client, round, confirmation_of(preview))
    assert StatusReport.objects.get().status.name == "Genomfört"


def test_a_file_of_another_round_is_refused_row_by_row(client, controller, plan, round, reading):
    other = make_round(plan=plan, label="Delår", as_of=round.as_of.replace(month=8))
    client.force_login(controller)
    content = edited(download(client, other), {reading: ("Pågående", None)})
    outcome, reason = outcomes(upload(client, round, content))[row_of(content, reading)]
    assert (outcome, reason) == (
        "refused",
        f"Raden kommer från en annan omgångs fil (omgång {other.pk}).",
    )


# --- files refused whole ------------------------------------------------------------------------


def test_the_report_excel_without_keys_is_refused_with_what_to_do(
    client, controller, round, reading
):
    client.force_login(controller)
    plain = client.get(reverse("reports:download", args=[round.pk, "xlsx"])).content
    response = upload(client, round, plain)
    assert response.status_code == 422
    assert f"Rad 1 saknar kolumnen ”{KEY_HEADER}”" in response.content.decode()


def test_a_file_that_is_not_excel_is_refused(client, controller, round):
    client.force_login(controller)
    response = upload(client, round, b"status;kommentar\n", name="omgang.csv")
    assert response.status_code == 422
    assert "inte en Excel-arbetsbok" in response.content.decode()


def test_a_zip_bomb_is_refused_before_it_is_read(client, controller, round):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    client.force_login(controller)
    response = upload(client, round, buffer.getvalue())
    assert response.status_code == 422
    assert "zip-bomb" in response.content.decode()


def test_too_many_rows_are_refused(client, controller, round, monkeypatch):
    from vplan.followups import round_sheet

    monkeypatch.setattr(round_sheet, "MAX_SHEET_ROWS", 3)
    workbook = Workbook()
    workbook.active.append(["Status", "Kommentar", KEY_HEADER])
    for number in range(5):
        workbook.active.append(["Pågående", f"Rad {number}", f"{round.pk}:1:0:{'0' * 12}"])
    output = io.BytesIO()
    workbook.save(output)
    client.force_login(controller)
    response = upload(client, round, output.getvalue())
    assert response.status_code == 422
    assert "fler än 3 rader" in response.content.decode()


def test_a_tampered_confirmation_saves_nothing(client, controller, round, reading):
    client.force_login(controller)
    preview = upload(client, round, edited(download(client, round), {reading: ("Pågående", "")}))
    response = apply(client, round, confirmation_of(preview)[:-3] + "abc")
    assert response.status_code == 422
    assert "uppladda filen igen" in response.content.decode().replace("ladda upp", "uppladda")
    assert not StatusReport.objects.exists()


def test_another_users_confirmation_is_refused(client, controller, editor, round, reading):
    client.force_login(controller)
    preview = upload(client, round, edited(download(client, round), {reading: ("Pågående", "")}))
    client.force_login(editor)
    response = apply(client, round, confirmation_of(preview))
    assert response.status_code == 422
    assert not StatusReport.objects.exists()


# --- only an open round, only those who may report ------------------------------------------------


def test_a_closed_round_takes_no_upload(client, controller, round, reading):
    client.force_login(controller)
    content = edited(download(client, round), {reading: ("Pågående", "")})
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
    page = client.get(reverse("followups:round_sheet", args=[round.pk]))
    assert "Bara en öppen omgång" in page.content.decode()
    response = upload(client, round, content)
    assert response.status_code == 422
    assert not StatusReport.objects.exists()
    download_response = client.get(reverse("followups:round_sheet_download", args=[round.pk]))
    assert download_response.status_code == 302


def test_a_round_closed_between_preview_and_confirmation_saves_nothing(
    client, controller, round, reading
):
    client.force_login(controller)
    preview = upload(client, round, edited(download(client, round), {reading: ("Pågående", "")}))
    FollowUpRound.objects.filter(pk=round.pk).update(state=FollowUpRound.State.CLOSED)
    response = apply(client, round, confirmation_of(preview))
    assert response.status_code == 409
    assert not StatusReport.objects.exists()


@pytest.mark.parametrize("persona, status", [("reader", 403), ("outsider", 404)])
def test_readers_and_outsiders_may_not_use_the_sheet(request, client, round, persona, status):
    client.force_login(request.getfixturevalue(persona))
    for name in ("round_sheet", "round_sheet_download"):
        assert client.get(reverse(f"followups:{name}", args=[round.pk])).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client, round):
    response = client.get(reverse("followups:round_sheet", args=[round.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_round_page_links_to_the_sheet_for_those_who_may_report(
    client, controller, editor, reader, round, reading
):
    link = reverse("followups:round_sheet", args=[round.pk])
    for user, shown in ((controller, True), (editor, True), (reader, False)):
        client.force_login(user)
        html = client.get(reverse("followups:round", args=[round.pk])).content.decode()
        assert (link in html) is shown, user
        assert ("Uppdatera i Excel" in html) is shown


def test_the_upload_page_explains_and_offers_the_download(client, editor, round):
    client.force_login(editor)
    html = client.get(reverse("followups:round_sheet", args=[round.pk])).content.decode()
    assert "<h1" in html and "Uppdatera i Excel" in html
    assert reverse("followups:round_sheet_download", args=[round.pk]) in html


def test_the_preview_lists_a_bounded_number_of_rows_of_each_outcome(
    client, controller, plan, board, round, monkeypatch
):
    from vplan.followups import round_sheet

    monkeypatch.setattr(round_sheet, "LISTED_ROWS", 2)
    activities = [make_activity(plan=plan, boards=[board]) for _ in range(3)]
    client.force_login(controller)
    content = edited(download(client, round), {a: ("Pågående", "Ny.") for a in activities})
    preview = upload(client, round, content)
    assert preview.context["preview"].counts["changed"] == 3
    html = preview.content.decode()
    assert html.count('data-outcome="changed"') == 2
    assert "1 rad till av det slaget listas inte." in html
    assert len(preview.context["preview"].changes) == 3  # all of them are saved


def test_changes_too_large_to_confirm_in_one_request_are_refused_with_how_to_split(
    client, controller, plan, board, round, settings
):
    activities = [make_activity(plan=plan, boards=[board]) for _ in range(3)]
    client.force_login(controller)
    comments = {a: hashlib.sha256(str(a.pk).encode()).hexdigest() * 3 for a in activities}
    content = edited(download(client, round), {a: ("Pågående", comments[a]) for a in activities})
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024 + 200  # the margin and 200 bytes
    response = upload(client, round, content)
    assert response.status_code == 422
    assert "Filen ändrar för mycket på en gång (3 rader" in response.content.decode()


def test_an_old_comment_with_a_character_the_file_cannot_hold_is_not_taken_as_edited(
    client, controller, round, reading
):
    StatusReport.objects.create(
        activity=reading,
        round=round,
        version=1,
        status=Status.objects.get(name="Pågående"),
        comment="Före\x0bimporten",
    )
    client.force_login(controller)
    preview = upload(client, round, download(client, round))
    assert preview.context["preview"].counts == {"unchanged": 1, "changed": 0, "refused": 0}


def test_many_changes_are_saved_by_a_worker(client, controller, plan, board, round, monkeypatch):
    from vplan.followups import round_sheet
    from vplan.jobs.models import Job
    from vplan.jobs.running import run_next_job

    monkeypatch.setattr(round_sheet, "SAVED_BY_A_WORKER_ABOVE", 1)
    activities = [make_activity(plan=plan, boards=[board]) for _ in range(2)]
    client.force_login(controller)
    content = edited(download(client, round), {a: ("Pågående", "Ny.") for a in activities})
    response = apply(client, round, confirmation_of(upload(client, round, content)))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert not StatusReport.objects.exists()  # the worker saves them

    run_next_job(worker="test")
    job.refresh_from_db()
    assert job.result["saved"] == 2
    assert job.result["message"] == "Sparat från Excel: 2 statusrapporter."
    assert set(StatusReport.objects.values_list("author", flat=True)) == {controller.pk}
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Sparat från Excel: 2 statusrapporter." in page


def test_a_worker_meeting_a_conflict_saves_nothing(
    client, controller, editor, plan, board, round, monkeypatch
):
    from vplan.followups import round_sheet
    from vplan.jobs.models import Job
    from vplan.jobs.running import run_next_job

    monkeypatch.setattr(round_sheet, "SAVED_BY_A_WORKER_ABOVE", 1)
    activities = [make_activity(plan=plan, boards=[board]) for _ in range(2)]
    client.force_login(controller)
    content = edited(download(client, round), {a: ("Pågående", "Ny.") for a in activities})
    apply(client, round, confirmation_of(upload(client, round, content)))
    report(activity=activities[1], round=round, status="Kvarstår", author=editor)
    run_next_job(worker="test")
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "Ingenting sparades" in job.error
    assert StatusReport.objects.count() == 1


# --- flat in the number of rows -----------------------------------------------------------------


def _preview_queries(client, round, plan, board, count: int) -> int:
    activities = [make_activity(plan=plan, boards=[board]) for _ in range(count)]
    content = edited(download(client, round), {a: ("Pågående", "Ny.") for a in activities})
    with CaptureQueriesContext(connection) as queries:
        response = upload(client, round, content)
    assert response.context["preview"].counts["changed"] == count
    StatusReport.objects.all()  # nothing saved
    return len(queries)


def test_the_preview_reads_the_same_number_of_queries_for_5_and_40_rows(
    client, controller, plan, board, round
):
    client.force_login(controller)
    few = _preview_queries(client, round, plan, board, 5)
    many = _preview_queries(client, round, plan, board, 35)
    assert many == few
