"""The year's operations in any order (Hypothesis stateful testing), through HTTP.

A controller and a board editor create, edit, postpone, delete and restore activities, add
places, retitle a board goal, report, close, publish, correct (reopen and publish again with a
reason) and open new rounds, one day after the other. After every step:

- every published round's report, downloaded signed out (CSV and HTML) and read on its page,
  is what it was right after that publication;
- no page of an activity or a round answers 5xx, to the controller or to a signed-out visitor;
- a signed-out visitor reads no one's name and nothing of a round that is not published.

Hypothesis shrinks a failing sequence to the shortest one, so a failure reads as a story.
"""

from __future__ import annotations

import datetime
import itertools
import os
import re
import zoneinfo

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation.models import Role
from vplan.plans.models import Activity, BoardGoal
from vplan.testing.factories import (
    make_activity,
    make_administration,
    make_assignment,
    make_board,
    make_board_goal,
    make_member,
    make_municipal_goal,
    make_plan,
    make_round,
)
from vplan.tests.scenario import (
    Browser,
    diff,
    explain_changed_file,
    file_text,
    html_document,
    main_text,
)

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
START = datetime.datetime(2024, 4, 2, 9, 0, tzinfo=STOCKHOLM)
SECRET = "EJPUBLICERAD"
PEOPLE = {"controller": "Karin Kontrollant", "editor": "Erik Redaktör"}
STATUSES = ["Pågående", "Genomfört", "Kvarstår"]
REASON = "En status var fel och är rättad."
FILES = ("csv", "html")
# Shrinking makes a failure a short story but takes minutes here; VPLAN_STATEFUL_SHRINK=1 does it.
PHASES = [Phase.explicit, Phase.reuse, Phase.generate] + (
    [Phase.shrink] if os.environ.get("VPLAN_STATEFUL_SHRINK") else []
)


class YearMachine(RuleBasedStateMachine):
    """One plan of 2024 with an open round; the personas act on it through pages and the API."""

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()  # every example starts from the same rows and is rolled back
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.day = itertools.count(1)
        self.published: dict[int, dict] = {}  # round id -> what the public saw at publication
        self.story: list[str] = []
        self.public_comments: set[str] = set()
        try:
            self.build_plan()
            self.publish_the_march_round()
        except BaseException:
            self.teardown()
            raise

    def teardown(self):
        if os.environ.get("VPLAN_STATEFUL_VERBOSE"):
            print(" -> ".join(self.story) or "(nothing)")
        self.traveller.stop()
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def build_plan(self):
        administration = make_administration(name="Provförvaltningen", short_code="PRV")
        bin_ = make_board(code="BiN", name="Bildningsnämnden", administration=administration)
        bou = make_board(code="BoU", name="Barn- och ungdomsnämnden", administration=administration)
        self.plan = make_plan(administration=administration, year=2024, boards=[bin_, bou])
        controller = make_member(
            administration=administration, role=Role.CONTROLLER, username="kontroll"
        )
        editor = make_member(
            administration=administration, role=Role.EDITOR, board=bin_, username="redaktor"
        )
        for user, name in ((controller, PEOPLE["controller"]), (editor, PEOPLE["editor"])):
            user.first_name, user.last_name = name.split()
            user.save(update_fields=["first_name", "last_name"])
        self.usernames = ["kontroll", "redaktor"]
        goal = make_municipal_goal(plan=self.plan, title="Ett lärande Provby")
        self.board_goal = make_board_goal(plan=self.plan, municipal_goal=goal, title="Lärande")
        self.assignment = make_assignment(plan=self.plan, number=3, text="Minska frånvaron.")
        for n, boards in enumerate(([bin_], [bou], [bin_, bou])):
            make_activity(
                plan=self.plan,
                text=f"Aktivitet {n + 1}",
                boards=boards,
                board_goal=self.board_goal,
            )
        self.round = make_round(plan=self.plan, as_of=datetime.date(2024, 3, 31))
        self.controller = Browser(controller)
        self.editor = Browser(editor)
        self.public = Browser(None)
        self.bin = bin_

    def publish_the_march_round(self):
        """Every example starts with a published round for the public to read."""
        for activity in self.live():
            self.controller.api(
                "post",
                f"/rounds/{self.round.pk}/activities/{activity.pk}/reports",
                {"status": "Pågående", "comment": "Läget i mars.", "expected_version": 0},
                expect=201,
            )
        self.close()
        self.publish()

    # --- helpers ---

    def next_day(self):
        self.clock.move_to(START + datetime.timedelta(days=next(self.day)), tick=False)

    def live(self):
        return list(Activity.objects.filter(plan=self.plan).order_by("pk"))

    def deleted(self):
        return list(Activity.all_objects.filter(plan=self.plan).deleted().order_by("pk"))

    def current_round(self) -> FollowUpRound:
        return FollowUpRound.objects.filter(plan=self.plan).order_by("-as_of").first()

    def round_is(self, state) -> bool:
        return self.current_round().state == state

    def note(self, text: str):
        self.story.append(text)

    # --- the plan ---

    @rule(text=st.sampled_from(["Läsa mer", "Röra sig mer", "Trygg skolväg"]))
    def create_activity(self, text):
        self.next_day()
        page = f"/plans/{self.plan.pk}/activities/new/"
        self.controller.submit(
            page,
            fields={
                "activity-text": f"{text} {next(self.day)}",
                "activity-boards": [str(self.bin.pk)],
                "activity-end": "December",
                "place-board_goal": str(self.board_goal.pk),
            },
        )
        new = Activity.objects.filter(plan=self.plan).order_by("-pk").first()
        self.note(f"create /activities/{new.pk}/")
        for browser in (self.controller, self.public):
            response = browser.client.get(f"/activities/{new.pk}/")
            assert response.status_code < 500, (
                f"{browser.name}: GET /activities/{new.pk}/ of a new activity answered "
                f"{response.status_code}"
            )

    @precondition(lambda self: self.live())
    @rule(data=st.data())
    def edit_text(self, data):
        self.next_day()
        activity = data.draw(st.sampled_from(self.live()))
        self.note(f"edit the text of /activities/{activity.pk}/")
        self.controller.submit(
            f"/activities/{activity.pk}/edit/", fields={"text": activity.text + " (ändrad)"}
        )

    @precondition(lambda self: self.live())
    @rule(data=st.data(), end=st.sampled_from(["Mars 2025", "Q2 2025", "Förskjuts till 2025"]))
    def postpone(self, data, end):
        self.next_day()
        activity = data.draw(st.sampled_from(self.live()))
        self.note(f"postpone /activities/{activity.pk}/ to {end} (API)")
        self.controller.api("post", f"/activities/{activity.pk}/end-date", {"end": end})

    @precondition(lambda self: len(self.live()) > 1)
    @rule(data=st.data())
    def delete(self, data):
        self.next_day()
        activity = data.draw(st.sampled_from(self.live()))
        self.note(f"delete /activities/{activity.pk}/")
        self.controller.post(f"/activities/{activity.pk}/delete/")

    @precondition(lambda self: self.deleted())
    @rule(data=st.data())
    def restore(self, data):
        self.next_day()
        activity = data.draw(st.sampled_from(self.deleted()))
        self.note(f"restore /activities/{activity.pk}/")
        self.controller.post(f"/activities/{activity.pk}/restore/")

    @precondition(lambda self: self.live())
    @rule(data=st.data())
    def add_place(self, data):
        self.next_day()
        activity = data.draw(st.sampled_from(self.live()))
        if activity.placements.filter(assignment=self.assignment).exists():
            return
        self.note(f"place /activities/{activity.pk}/ under the assignment too (API)")
        self.controller.api(
            "post",
            f"/activities/{activity.pk}/placements",
            {"assignment": self.assignment.pk, "perspective": "Samhälle"},
            expect=201,
        )

    @rule()
    def retitle_board_goal(self):
        self.next_day()
        goal = BoardGoal.objects.get(pk=self.board_goal.pk)
        self.note("retitle the board goal")
        self.controller.submit(f"/board-goals/{goal.pk}/edit/", fields={"title": goal.title + "!"})

    # --- the rounds ---

    @precondition(lambda self: self.round_is(FollowUpRound.State.OPEN) and self.live())
    @rule(data=st.data(), status=st.sampled_from(STATUSES), by_editor=st.booleans())
    def report(self, data, status, by_editor):
        self.next_day()
        round = self.current_round()
        activity = data.draw(st.sampled_from(self.live()))
        latest = StatusReport.objects.filter(activity=activity, round=round).order_by("-version")
        version = latest.first().version if latest.exists() else 0
        comment = f"{SECRET}-{next(self.day)}-{status.lower()}"
        if by_editor and activity.boards.filter(pk=self.bin.pk).exists():
            self.note(f"editor reports {status} on /activities/{activity.pk}/ (page)")
            prefix = f"a{activity.pk}"
            page = self.editor.get(f"/rounds/{round.pk}/")
            option = html_document(page).xpath(
                "//select[@name=$n]/option[text()=$s]/@value", n=f"{prefix}-status", s=status
            )
            self.editor.submit(
                f"/rounds/{round.pk}/",
                action=f"/rounds/{round.pk}/activities/{activity.pk}/report/",
                fields={f"{prefix}-status": option[0], f"{prefix}-comment": comment},
            )
        else:
            self.note(f"controller reports {status} on /activities/{activity.pk}/ (API)")
            self.controller.api(
                "post",
                f"/rounds/{round.pk}/activities/{activity.pk}/reports",
                {"status": status, "comment": comment, "expected_version": version},
                expect=201,
            )

    @precondition(lambda self: self.round_is(FollowUpRound.State.OPEN))
    @rule()
    def close(self):
        self.next_day()
        self.note(f"close round {self.current_round().pk}")
        self.controller.submit(f"/rounds/{self.current_round().pk}/close/")

    @precondition(lambda self: self.round_is(FollowUpRound.State.CLOSED))
    @rule()
    def publish(self):
        self.next_day()
        round = self.current_round()
        reason = REASON if round.pk in self.published else ""
        self.note(f"publish round {round.pk}" + (" again, corrected" if reason else ""))
        fields = {"correction_reason": reason} if reason else {}
        if round.is_before_as_of():
            fields |= {"before_as_of": "on", "before_as_of_reason": "Publiceras i förväg."}
        self.controller.submit(f"/rounds/{round.pk}/publish/", fields=fields)
        round.refresh_from_db()
        assert round.state == FollowUpRound.State.PUBLISHED, f"publishing left it {round.state}"
        self.published[round.pk] = self.public_view(round.pk)
        self.public_comments |= set(round.reports.values_list("comment", flat=True))
        if reason:
            text = self.published[round.pk]["page"]
            assert REASON in text, (
                f"the corrected publication of round {round.pk} does not show its reason on "
                f"/reports/rounds/{round.pk}/"
            )

    @precondition(lambda self: self.round_is(FollowUpRound.State.PUBLISHED))
    @rule()
    def reopen_to_correct(self):
        self.next_day()
        self.note(f"reopen round {self.current_round().pk} to correct it")
        self.controller.post(f"/rounds/{self.current_round().pk}/reopen/")

    @precondition(lambda self: self.round_is(FollowUpRound.State.PUBLISHED))
    @rule()
    def new_round(self):
        self.next_day()
        as_of = self.current_round().as_of + datetime.timedelta(days=60)
        self.note(f"open a new round as of {as_of}")
        self.controller.submit(
            f"/plans/{self.plan.pk}/rounds/new/",
            fields={"label": f"Uppföljning per {as_of}", "as_of": as_of.isoformat()},
        )

    # --- what must hold after every step ---

    def public_view(self, round_id: int) -> dict:
        view = {}
        for format in FILES:
            response = self.public.client.get(f"/reports/rounds/{round_id}/download/{format}/")
            view[format] = response.content if response.status_code == 200 else response.status_code
            if response.status_code == 200:
                text = file_text(format, response.content)
                named = [name for name in PEOPLE.values() if name in text]
                assert not named, (
                    f"signed out: /reports/rounds/{round_id}/download/{format}/ names {named}"
                )
        response = self.public.client.get(f"/reports/rounds/{round_id}/")
        view["page"] = main_text(response) if response.status_code == 200 else response.status_code
        return view

    @invariant()
    def published_rounds_stay_as_published(self):
        for round_id, before in self.published.items():
            round = FollowUpRound.objects.get(pk=round_id)
            if round.state != FollowUpRound.State.PUBLISHED:
                continue  # reopened for a correction: the next publication is compared
            now = self.public_view(round_id)
            for format in FILES:
                assert now[format] == before[format], (
                    f"after {self.story[-1:]}, the published round {round_id}'s {format} "
                    f"(signed out) is not the file published: "
                    + (
                        explain_changed_file(format, before[format], now[format])
                        if isinstance(now[format], bytes) and isinstance(before[format], bytes)
                        else f"{before[format]} -> {now[format]}"
                    )
                )
            assert now["page"] == before["page"], (
                f"after {self.story[-1:]}, /reports/rounds/{round_id}/ (signed out) reads other "
                f"than at publication:\n{diff(str(before['page']), str(now['page']))}"
            )

    @invariant()
    def pages_answer_and_keep_secrets(self):
        urls = [f"/plans/{self.plan.pk}/"]
        urls += [f"/rounds/{r.pk}/" for r in FollowUpRound.objects.filter(plan=self.plan)]
        urls += [f"/activities/{a.pk}/" for a in Activity.all_objects.filter(plan=self.plan)]
        unpublished = self.unpublished_comments()  # the same for every page: GETs change nothing
        for browser in (self.controller, self.public):
            for url in urls:
                response = browser.client.get(url)
                assert response.status_code < 500, (
                    f"after {self.story[-1:]}, {browser.name}: GET {url} answered "
                    f"{response.status_code}"
                )
                if browser is self.public and response.status_code == 200:
                    text = response.content.decode()
                    leaked = [name for name in PEOPLE.values() if name in text]
                    leaked += [u for u in self.usernames if re.search(rf"\b{u}\b", text)]
                    leaked += [c for c in unpublished if c in text]
                    assert not leaked, f"after {self.story[-1:]}, signed out: {url} shows {leaked}"

    def unpublished_comments(self) -> set[str]:
        """Comments no publication has shown (a reopened round's earlier ones have been)."""
        return (
            set(
                StatusReport.objects.filter(round__plan=self.plan)
                .exclude(round__state=FollowUpRound.State.PUBLISHED)
                .values_list("comment", flat=True)
            )
            - self.public_comments
        )


@pytest.mark.django_db
def test_the_years_operations_in_any_order_keep_published_rounds_as_published(settings):
    settings.SESSION_COOKIE_AGE = 3 * 365 * 24 * 3600  # the clock moves a day per step
    run_state_machine_as_test(
        YearMachine,
        settings=hypothesis_settings(
            max_examples=int(os.environ.get("VPLAN_STATEFUL_EXAMPLES", "6")),
            stateful_step_count=10,
            phases=PHASES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
