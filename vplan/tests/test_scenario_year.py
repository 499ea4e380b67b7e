"""A year of ordinary use, as the people of Exempelkommun would have it, through HTTP.

The demo municipality's 2026 plan is worked on from November 2026 to April 2027: a controller
adds a board goal and an activity, edits, postpones, deletes and restores; the editor reports on
the round page and the controller through the API with a token; the round is closed and
published (and the August round through the API); the plan keeps changing afterwards; the
October round is corrected (reopened and published again with a reason); the plan is carried
over into 2027; next year's first follow-up, written in Word from Vplan's own report, is
imported at /import/; then every page of the site is read as every persona, every published
report is compared with what it was at publication, and `export -> load -> export` must give
the same file.

Checks that do not stop the year are collected and failed together at the end, each naming the
step, the URL and what broke. A step that the rest depends on fails at once.
"""

from __future__ import annotations

import datetime
import functools
import io
import json
import os
import re
import zoneinfo
from collections import deque
from io import StringIO
from urllib.parse import urlsplit

import docx
import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import Resolver404, resolve

from vplan.audit.models import ChangeRecord
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation.models import Role
from vplan.plans.models import Activity, BoardGoal, Plan
from vplan.testing.factories import make_administration, make_board, make_member
from vplan.tests.scenario import (
    Browser,
    Problems,
    diff,
    explain_changed_file,
    file_text,
    html_document,
    links,
    main_text,
    option_value,
    server_error,
    visible_text,
    wipe_plans,
)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
FORMATS = ["docx", "pdf", "html", "xlsx", "csv"]
CHEAP_FORMATS = ["html", "csv", "xlsx"]

# Text that exists only where the public may not look: an open round's comment and a line of
# next year's plan, which is not published. Neither may reach a signed-out visitor or an
# outsider, on a page, in a file or through the API.
DRAFT_COMMENT = "UTKASTKOMMENTAR ännu inte beslutad"
DRAFT_PLAN_TEXT = "HEMLIGPLANERING för 2027"
CORRECTION_REASON = "Statusen för mobilfri skola var felaktigt angiven som genomförd."


def at(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.fixture
def year(demo, settings):
    """The demo municipality, its people's browsers and a clock at the start of November."""
    settings.SESSION_COOKIE_AGE = 3 * 365 * 24 * 3600  # nobody is signed out by the calendar
    with time_machine.travel(at(2026, 11, 2), tick=False) as clock:
        neighbours = make_administration(name="Grannförvaltningen", short_code="GRF")
        make_board(code="GrN", name="Grannämnden", administration=neighbours)
        outsider = make_member(administration=neighbours, role=Role.CONTROLLER, username="grannen")
        yield Year(demo=demo, clock=clock, outsider=outsider)


class Year:
    def __init__(self, *, demo, clock, outsider):
        self.demo = demo
        self.clock = clock
        self.problems = Problems()
        self.plan = demo["plans"][2026]
        self.users = dict(demo["users"], outsider=outsider)
        # Those who act (their flash messages land on their next page) ...
        self.controller = Browser(self.users["controller"])
        self.editor = Browser(self.users["editor"])
        # ... and those who only read, for pages compared over time.
        self.reader = Browser(self.users["reader"])
        self.public = Browser(None)
        self.names = [
            name
            for user in demo["users"].values()
            for name in (user.get_full_name(), user.last_name)
            if len(name) > 3
        ]
        self.published: dict[str, Snapshot] = {}
        self.timings: dict[str, float] = {}

    def activity(self, key: str) -> Activity:
        return Activity.all_objects.get(pk=self.demo["activities"][(2026, key)].pk)

    def round(self, key: str) -> FollowUpRound:
        return FollowUpRound.objects.get(pk=self.demo["rounds"][(2026, key)].pk)

    def move_to(self, when: datetime.datetime) -> None:
        self.clock.move_to(when, tick=False)

    def check_page(self, browser: Browser, url: str, step: str) -> None:
        response = browser.client.get(url)
        self.problems.check(
            response.status_code == 200,
            f"{step}: {browser.name} GET {url} answered {response.status_code}",
        )


# --- what a published round showed ---------------------------------------------------------


class Snapshot:
    """Every download of a published round's report and the visible text of its pages."""

    def __init__(self, year: Year, round: FollowUpRound, *, formats=FORMATS, label=""):
        self.round_id = round.pk
        self.label = label or f"round {round.pk} ({round.label}, plan {round.plan.year})"
        self.formats = formats
        self.files = take_files(year, round.pk, formats)
        self.pages = take_pages(year, round.pk)

    def compare(self, year: Year, *, step: str) -> None:
        now_files = take_files(year, self.round_id, self.formats)
        for key, before in self.files.items():
            after = now_files[key]
            where, who, format = key
            if isinstance(before, int) or isinstance(after, int):
                year.problems.check(
                    before == after,
                    f"{step}: {self.label}: {who} GET {where} answered {after}, "
                    f"at publication {before}",
                )
                continue
            if before != after:
                year.problems.add(
                    f"{step}: {self.label}: {who} GET {where} is not the published file: "
                    + explain_changed_file(format, before, after)
                )
        now_pages = take_pages(year, self.round_id)
        for key, before in self.pages.items():
            if before != now_pages[key]:
                year.problems.add(
                    f"{step}: {self.label}: {key[1]} GET {key[0]} shows other text in <main> "
                    f"than at publication:\n{diff(before, now_pages[key])}"
                )


def download_urls(round_id: int, format: str) -> list[str]:
    return [
        f"/reports/rounds/{round_id}/download/{format}/",
        f"/api/rounds/{round_id}/report/{format}",
    ]


def take_files(year: Year, round_id: int, formats) -> dict:
    files = {}
    for format in formats:
        for url in download_urls(round_id, format):
            for browser in (year.reader, year.public):
                if format == "pdf" and (browser is year.reader) == url.startswith("/reports"):
                    continue  # a PDF is slow to make: the page signed out, the API signed in
                response = browser.client.get(url)
                key = (url, browser.name, format)
                files[key] = (
                    response.content if response.status_code == 200 else (response.status_code)
                )
                if browser is year.public and response.status_code == 200:
                    check_no_names(year, f"{url} ({format})", file_text(format, response.content))
                    check_no_drafts(year, browser, url, file_text(format, response.content))
    return files


def take_pages(year: Year, round_id: int) -> dict:
    pages = {}
    for url in (f"/rounds/{round_id}/", f"/reports/rounds/{round_id}/"):
        for browser in (year.reader, year.public):
            response = browser.client.get(url)
            pages[(url, browser.name)] = (
                main_text(response) if response.status_code == 200 else response.status_code
            )
    return pages


# --- leaks ------------------------------------------------------------------------------------


def check_no_names(year: Year, where: str, text: str) -> None:
    """A signed-out visitor reads no one's name (the demo's usernames are role words, which
    the pages use as such; in the API an author's username is caught by AUTHOR_KEYS)."""
    found = [name for name in year.names if re.search(rf"\b{re.escape(name)}\b", text)]
    year.problems.check(not found, f"signed out: {where} shows personal names {found}")


def check_no_drafts(year: Year, browser: Browser, where: str, text: str) -> None:
    found = [marker for marker in (DRAFT_COMMENT, DRAFT_PLAN_TEXT) if marker in text]
    year.problems.check(
        not found,
        f"{browser.name}: {where} shows what is not published: {found} "
        "(an open round's comment / next year's unpublished plan)",
    )


# --- the steps of the year ----------------------------------------------------------------


def plan_work_before_the_round(y: Year) -> dict:
    """November: a new board goal and activity, an edit, a postponement, delete and restore."""
    plan, c = y.plan, y.controller
    municipal_goal = plan.municipal_goals.order_by("order", "pk").first()
    c.submit(
        f"/plans/{plan.pk}/board-goals/new/",
        fields={
            "title": "Trygga skolvägar",
            "description": "Alla elever kan ta sig till skolan på ett tryggt sätt.",
            "municipal_goal": str(municipal_goal.pk),
        },
        step="new board goal",
    )
    board_goal = BoardGoal.objects.get(plan=plan, title="Trygga skolvägar")

    page = c.get(f"/plans/{plan.pk}/activities/new/")
    skn = option_value_of_checkbox(page, "activity-boards", "SkN")
    response = c.submit(
        f"/plans/{plan.pk}/activities/new/",
        fields={
            "activity-text": "Inventera skolvägarna kring samtliga grundskolor.",
            "activity-boards": [skn],
            "activity-end": "December",
            "place-board_goal": str(board_goal.pk),
            "place-municipal_goal": str(municipal_goal.pk),
        },
        step="new activity",
    )
    new = Activity.objects.get(plan=plan, text__startswith="Inventera skolvägarna")
    assert response["Location"] == f"/activities/{new.pk}/", response["Location"]
    y.check_page(c, f"/activities/{new.pk}/", "the page of the new activity (case 1)")
    y.check_page(y.reader, f"/activities/{new.pk}/", "the page of the new activity (case 1)")

    # A second place for the new activity: under a common assignment too.
    assignment = plan.assignments.order_by("number").first()
    c.submit(
        f"/activities/{new.pk}/edit/",
        action=f"/activities/{new.pk}/places/",
        fields={
            "place-assignment": str(assignment.pk),
            "place-perspective": option_value(
                html_document(c.get(f"/activities/{new.pk}/edit/")), "place-perspective", "Samhälle"
            ),
        },
        step="add a place",
    )
    y.problems.check(
        new.placements.count() == 2,
        f"adding a place on /activities/{new.pk}/edit/ (POST /activities/{new.pk}/places/): "
        f"the activity stands in {new.placements.count()} place(s), not 2",
    )

    edited = y.activity("e-arkiv")
    c.submit(
        f"/activities/{edited.pk}/edit/",
        fields={"text": edited.text + " Även fritidsgårdarnas akter ingår."},
        step="edit an activity's text",
    )
    postponed = y.activity("gymnasieval")
    c.submit(
        f"/activities/{postponed.pk}/edit/",
        fields={"end": "Mars 2027"},
        step="postpone an activity",
    )
    postponed.refresh_from_db()
    y.problems.check(
        postponed.is_postponed and str(postponed.current_end) == "Mars 2027",
        f"postponing /activities/{postponed.pk}/ gave current end {postponed.current_end}, "
        f"decided {postponed.decided_end}",
    )
    deleted_then_restored = y.activity("konstgras-sjovik")
    c.post(f"/activities/{deleted_then_restored.pk}/delete/", step="delete")
    c.post(f"/activities/{deleted_then_restored.pk}/restore/", step="restore")
    left_deleted = y.activity("elevrad")
    c.post(f"/activities/{left_deleted.pk}/delete/", step="delete (restored after publishing)")
    return {"new": new, "board_goal": board_goal, "left_deleted": left_deleted}


def option_value_of_checkbox(response, name: str, label: str) -> str:
    from vplan.tests.scenario import checkbox_value

    return checkbox_value(html_document(response), name, label)


def report_on_the_round(y: Year, round: FollowUpRound, *, token: str, comment: str) -> None:
    """The editor saves rows on the round page; the controller reports the rest by API."""
    page = y.editor.get(f"/rounds/{round.pk}/")
    document = html_document(page)
    forms = document.xpath("//form[contains(@action, '/report/')]")
    y.problems.check(forms, f"editor: /rounds/{round.pk}/ offers no row to report on")
    for form in forms[:4]:
        action = form.get("action")
        prefix = "a" + re.search(r"/activities/(\d+)/", action).group(1)
        y.editor.submit(
            f"/rounds/{round.pk}/",
            action=action,
            fields={
                f"{prefix}-status": option_value(document, f"{prefix}-status", "Pågående"),
                f"{prefix}-comment": f"{comment} Arbetet fortsätter enligt plan.",
            },
            step="editor reports a row",
        )
    entries = y.controller.api(
        "get", f"/rounds/{round.pk}/entries?missing=true&limit=500", token=token
    ).json()
    for entry in entries["items"]:
        if entry["current"] is not None:
            continue
        y.controller.api(
            "post",
            f"/rounds/{round.pk}/activities/{entry['activity_id']}/reports",
            {
                "status": "Genomfört" if entry["activity_id"] % 3 else "Pågående",
                "comment": f"{comment} Rapporterat av förvaltningens controller.",
                "expected_version": entry["version"],
            },
            token=token,
            expect=201,
        )


def publish(y: Year, round: FollowUpRound, *, step: str, **fields) -> None:
    # Through the confirmation pages, as a controller does: each says what is still missing.
    y.controller.submit(f"/rounds/{round.pk}/close/", step=f"{step}: close")
    y.controller.submit(f"/rounds/{round.pk}/publish/", fields=fields, step=f"{step}: publish")
    round.refresh_from_db()
    assert round.state == FollowUpRound.State.PUBLISHED, (
        f"{step}: round {round.pk} is {round.state} after POST /rounds/{round.pk}/publish/ "
        f"with {fields}"
    )


def plan_work_after_publication(y: Year, before: dict, *, token: str) -> dict:
    """December: the plan changes under the published rounds."""
    c, plan = y.controller, y.plan
    postponed = y.activity("mobilfri-skola")
    c.api("post", f"/activities/{postponed.pk}/end-date", {"end": "Juni 2027"}, token=token)
    c.submit(
        f"/activities/{postponed.pk}/edit/",
        fields={"text": "Utvärdera den mobilfria skoldagen på samtliga skolor."},
        step="edit text after publication",
    )
    c.api("delete", f"/activities/{y.activity('bokbuss').pk}", token=token, expect=(200, 204))
    c.post(f"/activities/{before['left_deleted'].pk}/restore/", step="restore after publication")
    placed = y.activity("chefstathet")
    goal = plan.board_goals.exclude(placements__activity=placed).order_by("pk").first()
    c.api(
        "post",
        f"/activities/{placed.pk}/placements",
        {"board_goal": goal.pk},
        token=token,
        expect=201,
    )
    retitled = y.activity("gymnasieval").placements.exclude(board_goal=None).first().board_goal
    c.submit(
        f"/board-goals/{retitled.pk}/edit/",
        fields={"title": retitled.title + " (omformulerat)"},
        step="change a board goal's title",
    )
    # The year's last round, open with a comment nobody outside may read yet.
    c.submit(
        f"/plans/{plan.pk}/rounds/new/",
        fields={
            "label": "Verksamhetsberättelse per 31 december",
            "as_of": "2026-12-31",
            "reporting_deadline": "2027-01-15",
        },
        step="new round",
    )
    december = FollowUpRound.objects.get(plan=plan, as_of=datetime.date(2026, 12, 31))
    report_on_the_round(y, december, token=token, comment=DRAFT_COMMENT)
    # A late report to a published round is refused, on the page and through the API.
    october = y.round("oktober")
    late = y.activity("heltid")
    latest = StatusReport.objects.filter(activity=late, round=october).order_by("-version")
    version = latest.first().version if latest.exists() else 0
    c.api(
        "post",
        f"/rounds/{october.pk}/activities/{late.pk}/reports",
        {"status": "Genomfört", "comment": "För sent.", "expected_version": version},
        token=token,
        expect=409,
    )
    return {"december": december}


def correct_the_october_round(y: Year) -> None:
    """January: a status in the published October round was wrong. Reopen, fix, republish."""
    october = y.round("oktober")
    c = y.controller
    # The December round is open: reopening October beside it is an explicit, recorded choice.
    c.submit(
        f"/rounds/{october.pk}/reopen/",
        fields={"keep_other_rounds_open": "on", "keep_open_reason": "Rättelse av oktober."},
        step="correction: reopen",
    )
    corrected = y.activity("mobilfri-skola")
    page = c.get(f"/rounds/{october.pk}/")
    document = html_document(page)
    prefix = f"a{corrected.pk}"
    c.submit(
        f"/rounds/{october.pk}/",
        action=f"/rounds/{october.pk}/activities/{corrected.pk}/report/",
        fields={
            f"{prefix}-status": option_value(document, f"{prefix}-status", "Pågående"),
            f"{prefix}-comment": "Rättat: utvärderingen pågår fortfarande.",
        },
        step="correction: the corrected status",
    )
    publish(y, october, step="correction", correction_reason=CORRECTION_REASON)


def check_the_correction(y: Year, first: Snapshot) -> None:
    """The new publication says why it was corrected; the first one's files stay available."""
    october = y.round("oktober")
    step = "correction"
    for browser in (y.reader, y.public):
        for url in (f"/rounds/{october.pk}/", f"/reports/rounds/{october.pk}/"):
            response = browser.client.get(url)
            if response.status_code != 200:
                y.problems.add(f"{step}: {browser.name} GET {url} answered {response.status_code}")
                continue
            y.problems.check(
                CORRECTION_REASON in main_text(response),
                f"{step}: {browser.name} GET {url} does not show the correction's reason",
            )
        for format in ("html", "docx"):
            url = f"/reports/rounds/{october.pk}/download/{format}/"
            response = browser.client.get(url)
            y.problems.check(
                response.status_code == 200
                and CORRECTION_REASON in file_text(format, response.content),
                f"{step}: {browser.name} GET {url} (the corrected publication) does not state "
                "the correction's reason",
            )
    # The first publication's files, as downloaded right after it, are still to be had,
    # byte for byte: linked from the round's pages, or at least asked for "as of" a moment
    # when the first publication was in force (?as_of=, what the API documents).
    in_force = "2026-12-15T12:00"
    for browser in (y.reader, y.public):
        linked = published_files_linked(browser, october.pk)
        for (url, who, format), content in first.files.items():
            if who != browser.name or isinstance(content, int):
                continue
            if content in linked.values():
                continue
            response = browser.client.get(url, {"as_of": in_force})
            if response.status_code == 200 and response.content == content:
                y.problems.add(
                    f"{step}: {browser.name}: the first publication's {format} is available "
                    f"only as {url}?as_of={in_force}; no page links to it (linked from "
                    f"/rounds/{october.pk}/ and /reports/rounds/{october.pk}/: {sorted(linked)})"
                )
                continue
            why = (
                f"answered {response.status_code}"
                if response.status_code != 200
                else explain_changed_file(format, content, response.content)
            )
            y.problems.add(
                f"{step}: {browser.name}: the first publication's {format} (as downloaded from "
                f"{url} right after it) is not offered any more: not linked from the round's "
                f"pages ({sorted(linked)}), and {url}?as_of={in_force} {why}"
            )


def published_files_linked(browser: Browser, round_id: int) -> dict[str, bytes]:
    """Every file linked from the round's page and its report page (and one page further)."""
    files, seen = {}, set()
    queue = deque([f"/rounds/{round_id}/", f"/reports/rounds/{round_id}/"])
    depth = {url: 0 for url in queue}
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = browser.client.get(url)
        if response.status_code != 200:
            continue
        if "attachment" in response.get("Content-Disposition", ""):
            files[url] = response.content
            continue
        if depth[url] >= 2:
            continue
        for link in links(response, base=url):
            current = re.fullmatch(rf"/reports/rounds/{round_id}/download/\w+/", link)
            ours = str(round_id) in link or "publi" in link
            if ours and current is None and not link.startswith(("/api/", "/admin/")):
                depth.setdefault(link, depth[url] + 1)
                queue.append(link)
    return files


def roll_over(y: Year) -> Plan:
    """The 2026 plan carried over into 2027 on the rollover page, as proposed."""
    plan = y.plan
    response = y.controller.submit(
        f"/lineage/plans/{plan.pk}/rollover/?year=2027",
        action=f"/lineage/plans/{plan.pk}/rollover/?year=2027",
        button=("action", "save"),
        step="rollover",
    )
    new_plan = Plan.objects.get(administration=plan.administration, year=2027)
    assert response["Location"] == f"/lineage/plans/{new_plan.pk}/", response["Location"]
    carried = Activity.objects.filter(plan=new_plan)
    y.problems.check(carried.exists(), "rollover carried no activity into 2027")
    orphans = [
        (a.pk, a.text[:40], a.parent.plan.year)
        for a in Activity.all_objects.filter(plan=new_plan, parent__isnull=False)
        if a.parent.plan_id != new_plan.pk
    ]
    y.problems.check(
        not orphans,
        f"rollover (case 5): parts in 2027 whose parent is in another plan: {orphans}",
    )
    parts_2026 = Activity.objects.filter(plan=plan, parent__isnull=False)
    carried_parts = Activity.objects.filter(carried_over_from__in=parts_2026)
    for part in carried_parts:
        y.problems.check(
            part.parent is not None and part.parent.plan_id == new_plan.pk,
            f"rollover (case 5): the part /activities/{part.pk}/ carried into 2027 has parent "
            f"{part.parent_id} (plan {part.parent.plan.year if part.parent else None})",
        )
    # Next year's plan is worked on before anyone may read it.
    secret = carried.filter(parent__isnull=True).order_by("pk").first()
    y.controller.submit(
        f"/activities/{secret.pk}/edit/",
        fields={"text": f"{secret.text} {DRAFT_PLAN_TEXT}."},
        step="edit next year's plan",
    )
    return new_plan


def next_years_report(y: Year, source: bytes) -> bytes:
    """Next year's first follow-up as a municipality writes it: last year's Word report
    (Vplan's own), retitled for 2027 and March, some statuses changed, one left empty."""
    document = docx.Document(io.BytesIO(source))
    replacements = [
        ("verksamhetsplan 2026", "verksamhetsplan 2027"),
        ("per 31 oktober", "per 31 mars"),
        ("per den 31 oktober 2026", "per den 31 mars 2027"),
    ]
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            for old, new in replacements:
                if old in run.text:
                    run.text = run.text.replace(old, new)
    rows = [
        (table, row)
        for table in document.tables
        if "Status" in [cell.text.strip() for cell in table.rows[0].cells]
        for row in table.rows[1:]
    ]
    assert len(rows) > 10, "the October report has no activity table to edit"
    header = [cell.text.strip() for cell in rows[0][0].rows[0].cells]
    status, comment = header.index("Status"), header.index("Kommentar")
    for number, (_, row) in enumerate(rows):
        cells = row.cells
        if number == 2:
            set_cell(cells[status], "")  # a row without status (case 10)
            set_cell(cells[comment], "Ingen rapport inkom före sista dag.")
        elif number % 4 == 0:
            set_cell(cells[status], "Genomfört")
            set_cell(cells[comment], "Klart under första kvartalet 2027.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def set_cell(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    if paragraph.runs:
        paragraph.runs[0].text = text
        for run in paragraph.runs[1:]:
            run.text = ""
    else:
        paragraph.add_run(text)
    for extra in cell.paragraphs[1:]:
        for run in extra.runs:
            run.text = ""


def import_next_year(y: Year, content: bytes, *, token: str, new_plan: Plan) -> None:
    name = "uppfoljning-bif-2027-03-31.docx"
    response = y.controller.submit(
        "/import/",
        fields={"administration": str(y.plan.administration_id)},
        files={"file": SimpleUploadedFile(name, content)},
        step="upload next year's report",
    )
    preview_url = response["Location"]
    preview = y.controller.get(preview_url)
    text = main_text(preview)
    y.problems.check("2027" in text, f"the import preview {preview_url} does not name 2027")
    response = y.controller.submit(preview_url, action=f"{preview_url}confirm/", step="import")
    y.problems.check(
        response["Location"] == f"/plans/{new_plan.pk}/",
        f"the import went to {response['Location']}, not to the 2027 plan /plans/{new_plan.pk}/",
    )
    imported = FollowUpRound.objects.filter(plan=new_plan, as_of=datetime.date(2027, 3, 31))
    y.problems.check(imported.exists(), "the import made no round per 31 mars 2027")
    y.check_page(y.controller, f"/plans/{new_plan.pk}/", "after the import")
    # The same file again, through the API: recognised, nothing written.
    counts = (Activity.all_objects.count(), StatusReport.objects.count())
    response = y.controller.client.post(
        "/api/imports",
        {
            "administration": str(y.plan.administration_id),
            "file": SimpleUploadedFile(name, content),
        },
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    y.problems.check(
        response.status_code == 200 and response.json().get("created") is False,
        f"POST /api/imports of the file imported on the page answered "
        f"{response.status_code}: {response.content[:300]!r}",
    )
    y.problems.check(
        counts == (Activity.all_objects.count(), StatusReport.objects.count()),
        "importing the same report again wrote activities or reports",
    )


def add_an_object_plan(y: Year) -> None:
    from vplan.objectplans.tests.factories import (
        make_it_object,
        make_object_plan,
        make_object_plan_activity,
    )

    it_object = make_it_object(
        administration=y.plan.administration, short_name="SKOLIT", name="Skolans IT"
    )
    object_plan = make_object_plan(it_object=it_object, year=2026)
    item = make_object_plan_activity(object_plan=object_plan, text="Ny skolplattform")
    linked = y.activity("digital-uppfoljning")
    y.controller.post(
        f"/objectplans/{object_plan.pk}/activities/{item.pk}/link/",
        {"activity": str(linked.pk)},
        step="link an object plan activity",
    )
    board = y.demo["boards"]["SKN"]
    y.controller.post(
        f"/objectplans/{object_plan.pk}/budget/lines/",
        {"board": str(board.pk), "kind": "VM", "amount": "125 000,00", "system": "Lärplattform"},
        step="a budget line",
    )


# --- every page as every persona ----------------------------------------------------------

SKIP_PREFIXES = ("/admin/", "/static/", "/i18n/", "/accounts/logout", "/api/")
HEAVY_FILES = re.compile(r"/download/(pdf|docx)/|report\.(pdf|docx)$|/sent/\d+/")
# Every kind of page is read by every persona; of the many pages of one kind (an activity,
# its edit form, a round ...) those the year touched always, and of the others this many.
# VPLAN_SCENARIO_EVERY_PAGE=1 reads every page there is (about 2500 requests, minutes).
PAGES_PER_KIND = 0 if os.environ.get("VPLAN_SCENARIO_EVERY_PAGE") else 4


def seeds(y: Year) -> list[str]:
    urls = ["/", "/overviews/", "/search/?q=skola", "/objectplans/", "/import/", "/tillganglighet/"]
    for plan in Plan.objects.order_by("pk"):
        urls += [f"/plans/{plan.pk}/", f"/lineage/plans/{plan.pk}/", f"/plans/{plan.pk}/edit/"]
        urls += [f"/lineage/plans/{plan.pk}/rollover/"]
    for round in FollowUpRound.objects.order_by("pk"):
        urls += [f"/rounds/{round.pk}/", f"/reports/rounds/{round.pk}/"]
        urls += [f"/reports/rounds/{round.pk}/sent/", f"/rounds/{round.pk}/missing/"]
    urls += [f"/activities/{pk}/" for pk in Activity.all_objects.values_list("pk", flat=True)]
    administration = y.plan.administration_id
    urls += [f"/overviews/{administration}/{page}/" for page in ("status", "done", "chronic")]
    urls += [f"/overviews/{administration}/overdue/"]
    return urls


def focus(y: Year, browser: Browser) -> set[str]:
    """The pages the year touched, read whatever the sampling: the activities edited (not
    those merely created by the rollover or the import), every round; for the public and the
    outsider also last year's activities carried into next year's unpublished plan (case 7)."""
    edited = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Activity),
        changed_at__gte=at(2026, 11, 2),
        changed_at__lt=at(2027, 1, 26),
    )
    activities = {int(pk) for pk in edited.values_list("object_id", flat=True)}
    urls = {f"/activities/{pk}/edit/" for pk in activities}
    if browser.name in ("signed out", "grannen"):
        activities |= set(
            Activity.all_objects.filter(plan__year=2026, carried_over_to__isnull=False).values_list(
                "pk", flat=True
            )
        )
    urls |= {f"/activities/{pk}/" for pk in activities}
    urls |= {f"/api/activities/{pk}" for pk in activities}
    for round in FollowUpRound.objects.filter(plan__year__gte=2026):
        urls |= {f"/rounds/{round.pk}/", f"/reports/rounds/{round.pk}/", f"/api/rounds/{round.pk}"}
        if round.state == FollowUpRound.State.PUBLISHED and browser.user is None:
            urls |= {f"/reports/rounds/{round.pk}/download/{f}/" for f in ("csv", "html", "xlsx")}
            urls |= {f"/api/rounds/{round.pk}/report/{f}" for f in ("csv", "xlsx")}
            urls |= {f"/api/rounds/{round.pk}/report", f"/api/rounds/{round.pk}/entries"}
    return urls


def api_urls() -> list[str]:
    urls = ["/api/me", "/api/plans", "/api/rounds", "/api/search?q=skola", "/api/objectplans"]
    for plan in Plan.objects.order_by("pk"):
        urls += [f"/api/plans/{plan.pk}", f"/api/plans/{plan.pk}/lineage"]
    for round in FollowUpRound.objects.order_by("pk"):
        urls += [f"/api/rounds/{round.pk}", f"/api/rounds/{round.pk}/entries"]
        urls += [f"/api/rounds/{round.pk}/report", f"/api/rounds/{round.pk}/report/csv"]
        urls += [f"/api/rounds/{round.pk}/report/xlsx"]
    urls += [f"/api/activities/{pk}" for pk in Activity.all_objects.values_list("pk", flat=True)]
    return urls


class Sampler:
    def __init__(self, focused: set[str]):
        self.focused = focused
        self.per_kind: dict[str, int] = {}

    def takes(self, url: str) -> bool:
        if not PAGES_PER_KIND or url in self.focused:
            return True
        path = urlsplit(url).path
        try:
            kind = resolve(path).view_name + ("?" if "?" in url else "")
        except Resolver404:
            return True  # read it, and see it answer 404
        self.per_kind[kind] = self.per_kind.get(kind, 0) + 1
        return self.per_kind[kind] <= PAGES_PER_KIND


def crawl(y: Year, browser: Browser, focused: set[str]) -> int:
    """Read the pages this persona reaches from the seeds, following the pages' links."""
    seen: set[str] = set()
    sampler = Sampler(focused)
    queue = deque(seeds(y))
    fetched = 0
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP_PREFIXES) or HEAVY_FILES.search(path):
            continue
        seen.add(url)
        if not sampler.takes(url):
            continue
        response = browser.client.get(url)
        fetched += 1
        inspect(y, browser, url, response)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(links(response, base=path))
    return fetched


def crawl_api(y: Year, browser: Browser, focused: set[str]) -> int:
    sampler = Sampler(focused)
    fetched = 0
    for url in api_urls():
        if sampler.takes(url):
            inspect(y, browser, url, browser.client.get(url))
            fetched += 1
    return fetched


AUTHOR_KEYS = re.compile(r'"(author|[a-z_]*_by|[a-z_]*author_name)"\s*:\s*"([^"]+)"')


def inspect(y: Year, browser: Browser, url: str, response) -> None:
    if response.status_code >= 500:
        y.problems.add(
            f"{browser.name}: GET {url} answered {response.status_code}: {server_error(response)}"
        )
        return
    if response.status_code != 200 or browser.name not in ("signed out", "grannen"):
        return
    text = readable(url, response)
    check_no_drafts(y, browser, url, text)
    if browser.user is None:
        check_no_names(y, url, text)
        if "json" in response.get("Content-Type", ""):
            authors = sorted({m.group(2) for m in AUTHOR_KEYS.finditer(text)})
            y.problems.check(
                not authors, f"signed out: {url} names who did things (case 6): {authors}"
            )


def readable(url: str, response) -> str:
    content_type = response.get("Content-Type", "")
    if "html" in content_type and "attachment" not in response.get("Content-Disposition", ""):
        return visible_text(html_document(response)) + " " + response.content.decode()
    for format in ("csv", "xlsx", "html", "docx", "pdf"):
        if re.search(rf"[/.]{format}/?$", urlsplit(url).path):
            return file_text(format, response.content)
    return response.content.decode("utf-8", "replace")


# --- export -> load -> export ----------------------------------------------------------------


def export_load_export(y: Year, tmp_path) -> None:
    """Export every plan, empty the database of plans, load, export again: the same bytes.
    Each plan is also exported and loaded on its own (in year order), so one plan that does
    not load does not hide what happens to the others."""
    first = tmp_path / "all.json"
    call_command("export", "--all", "-o", str(first), stderr=StringIO())
    known = {
        str(a.uid): f"/activities/{a.pk}/ {a.text[:50]!r} of {a.plan.year}"
        + (" (deleted)" if a.deleted_at else "")
        + (f" (a part of /activities/{a.parent_id}/)" if a.parent_id else "")
        for a in Activity.all_objects.select_related("plan")
    }
    single = {}
    for plan in Plan.all_objects.select_related("administration").order_by("year", "pk"):
        name = f"{plan.administration.short_code} {plan.year}"
        single[name] = tmp_path / f"plan-{plan.pk}.json"
        call_command("export", "--plan", str(plan.pk), "-o", str(single[name]), stderr=StringIO())
    wipe_plans()
    assert not Plan.all_objects.exists()
    loaded = True
    for name, path in single.items():
        try:
            call_command("load", str(path), stdout=StringIO(), stderr=StringIO())
        except Exception as error:  # noqa: BLE001 - reported as the failure it is
            loaded = False
            y.problems.add(
                f"export -> load: the plan {name} does not load: {type(error).__name__}: "
                f"{str(error).replace(str(path), path.name)}"
                + explain_place(json.loads(path.read_text()), str(error), known)
            )
            continue
        plan = Plan.all_objects.get(
            administration__short_code=name.split()[0], year=name.split()[1]
        )
        again = tmp_path / f"again-{plan.pk}.json"
        call_command("export", "--plan", str(plan.pk), "-o", str(again), stderr=StringIO())
        y.problems.check(
            again.read_bytes() == path.read_bytes(),
            f"export -> load -> export of the plan {name} differs:\n"
            + exchange_diff(json.loads(path.read_text()), json.loads(again.read_text())),
        )
    if not loaded:
        return
    again = tmp_path / "all-again.json"
    call_command("export", "--all", "-o", str(again), stderr=StringIO())
    y.problems.check(
        again.read_bytes() == first.read_bytes(),
        "export --all -> load -> export --all differs:\n"
        + exchange_diff(json.loads(first.read_text()), json.loads(again.read_text())),
    )


def explain_place(document: dict, error: str, known: dict) -> str:
    """What the place an error names (plans[2].rounds[0].reports[26].activity) refers to."""
    match = re.search(r"(plans\[\d+\](?:\.\w+(?:\[\d+\])?)*)", error)
    if not match:
        return ""
    value = document
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", match.group(1)):
        value = value.get(name) if isinstance(value, dict) else None
        if index and isinstance(value, list):
            value = value[int(index)]
    where = "\n  (in the export"
    if isinstance(value, str) and value in known:
        return where + f"; {match.group(1)} = {known[value]})"
    return where + f"; {match.group(1)} = {json.dumps(value, ensure_ascii=False)[:200]})"


def exchange_diff(before, after, path="", found=None) -> str:
    found = [] if found is None else found
    if len(found) >= 8:
        return "\n".join(found)
    if isinstance(before, dict) and isinstance(after, dict):
        for key in list(dict.fromkeys([*before, *after])):
            if before.get(key) != after.get(key):
                exchange_diff(before.get(key), after.get(key), f"{path}.{key}", found)
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                exchange_diff(old, new, f"{path}[{index}]", found)
    else:
        found.append(
            f"  {path}: {json.dumps(before, ensure_ascii=False)[:160]} -> "
            f"{json.dumps(after, ensure_ascii=False)[:160]}"
        )
    return "\n".join(found)


# --- the year -------------------------------------------------------------------------------


def test_a_year_of_ordinary_use_through_http(year, tmp_path):
    y = year
    step = functools.partial(y.problems.step, timings=y.timings)
    out = StringIO()
    call_command(
        "apitoken",
        "create",
        "controller",
        "--name",
        "årsskript",
        "--expires-days",
        "366",
        stdout=out,
    )
    token = re.search(r"vplan_\S+", out.getvalue()).group(0)
    october, august = y.round("oktober"), y.round("augusti")
    work, new_plan = {}, None

    with step("November 2: what the public already reads of 2026"):
        y.published["mars"] = Snapshot(y, y.round("mars"), formats=CHEAP_FORMATS)

    y.move_to(at(2026, 11, 3))
    with step("November 3: plan work (new goal and activity, edit, postpone, delete, restore)"):
        work = plan_work_before_the_round(y)
    with step("November 3: an IT object plan linked to an activity"):
        add_an_object_plan(y)

    y.move_to(at(2026, 11, 10))
    with step("November 10: reports in the October round (page and API)"):
        report_on_the_round(y, october, token=token, comment="Läget per oktober.")

    y.move_to(at(2026, 12, 1))
    with step("December 1: close and publish the October round (page)"):
        publish(y, october, step="publish October")
        y.published["oktober"] = Snapshot(y, october, label="October round, first publication")
    with step("December 1: publish the August round (API)"):
        y.controller.api("post", f"/rounds/{august.pk}/publish", {"confirm": True}, token=token)
        y.published["augusti"] = Snapshot(y, august, formats=CHEAP_FORMATS)

    y.move_to(at(2026, 12, 10))
    with step("December 10: the plan changes under the published rounds; a year-end round"):
        plan_work_after_publication(y, work, token=token)

    y.move_to(at(2027, 1, 20))
    with step("January 20: correct the October round (reopen, republish with a reason)"):
        first_october = y.published.pop("oktober", None)
        correct_the_october_round(y)
        y.published["oktober (corrected)"] = Snapshot(
            y, october, label="October round, corrected publication"
        )
        if first_october is not None:
            check_the_correction(y, first_october)

    y.move_to(at(2027, 1, 26))
    with step("January 26: close the December round, carry 2026 over into 2027"):
        december = FollowUpRound.objects.get(plan=y.plan, as_of=datetime.date(2026, 12, 31))
        y.controller.submit(f"/rounds/{december.pk}/close/", step="close December")
        new_plan = roll_over(y)

    y.move_to(at(2027, 4, 15))
    with step("April 15: import next year's first follow-up (Word) at /import/"):
        source = october_word_file(y, october)
        import_next_year(y, next_years_report(y, source), token=token, new_plan=new_plan)

    y.move_to(at(2027, 4, 20))
    browsers = [Browser(y.users[name]) for name in ("admin", "controller", "editor", "reader")]
    browsers += [Browser(y.users["outsider"]), Browser(None)]
    fetched = {}
    for browser in browsers:
        with step(f"April 20: every page as {browser.name}"):
            focused = focus(y, browser)
            fetched[browser.name] = crawl(y, browser, focused)
            if browser.name in ("reader", "grannen", "signed out"):
                fetched[browser.name] += crawl_api(y, browser, focused)
    with step("April 20: every published report as it was published"):
        for snapshot in y.published.values():
            snapshot.compare(y, step="after the year")

    with step("export -> load -> export"):
        export_load_export(y, tmp_path)

    print(f"timings (s): {y.timings}\npages read: {fetched}")
    assert not y.problems, y.problems.report(f"the year (pages read: {fetched})")


def october_word_file(y: Year, october) -> bytes:
    """The October round's Word report as published (or, failing that, as it is now)."""
    snapshot = y.published.get("oktober (corrected)")
    key = (f"/reports/rounds/{october.pk}/download/docx/", "reader", "docx")
    if snapshot is not None and isinstance(snapshot.files.get(key), bytes):
        return snapshot.files[key]
    return y.reader.get(key[0]).content
