"""Every figure of issue 17 in one command: pages, deadline week, reports, search, bulk load,
start-up and memory, each beside its goal (docs/performance.md).

    .venv/bin/python bench/run.py --scale small|large [--json FILE] [--database postgresql|sqlite]

Builds the data set (bench/dataset.py, reproducible from --seed), migrates a fresh database
(PostgreSQL: postgresql://root@127.0.0.1:5432/vplan_bench_<scale>, dropped and created again;
fails at once if PostgreSQL cannot be reached), times `vplan load` of it, creates the users,
starts gunicorn as the README documents (--workers 4) with the floor view on, and measures.
Prints progress lines, then a table of every figure with its goal and PASS/MISS.

Exit status 1 only for what is wrong whatever the machine: a page or API list that does not
answer 200, an error or a lost save in the deadline week, or the one-activity conflict check
not giving exactly one winner. Timing goals are printed, never fatal (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
POSTGRES_SERVER = "postgresql://root@127.0.0.1:5432"
PASSWORD = "bench-password-" + "x" * 8  # noqa: S105 (a throwaway database of the benchmark)
FLOOR_URL = "/bench/floor/"
PAGE_BUDGET_S = 30  # a page slower than this in all stops after MIN_REQUESTS requests
MIN_REQUESTS = 3
SEARCH_WORDS = ["skola", "skolan", "elevhälsa", "elevhälsan", "budget", "trygghet"]
EDITORS = 50
ARRIVAL_S = 5  # the editors of the deadline week arrive spread over its first 5 s

# The goals of issue 17, each beside its figure in the table.
GOALS = {
    "page_ms": 150,
    "page_ratio": 3.0,
    "page_bytes": 300_000,
    "load_p95_ms": 500,
    "reports_s": {"xlsx": 2.0, "docx": 3.0, "pdf": 20.0},
    "report_mb": 400,
    "search_ms": 200,
    "load_s": 60,
    "startup_s": 1.0,
    "worker_mb": 300,
}

# Per scale: requests per page (median of), deadline week and saturation seconds.
# The editors of the deadline week sign in through the form at the large scale; at the small
# scale (CI, under 3 minutes) their sessions are made in the database.
RUNS = {
    "small": {
        "requests": 10,
        "deadline_s": 30,
        "saturation_s": 10,
        "sign_in": "session",
        "startup_runs": 1,
    },
    "large": {
        "requests": 20,
        "deadline_s": 60,
        "saturation_s": 20,
        "sign_in": "form",
        "startup_runs": 3,
    },
}


def say(message: str) -> None:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", flush=True)


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# ---- the database ------------------------------------------------------------------------------


def fresh_database(kind: str, name: str, folder: Path) -> str:
    """The DATABASE_URL of a new, empty database."""
    if kind == "sqlite":
        path = folder / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    try:
        with psycopg.connect(
            f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5
        ) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL at {POSTGRES_SERVER} cannot be reached: {error}")
    return f"{POSTGRES_SERVER}/{name}"


def bench_environment(database_url: str, folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("VPLAN_") and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="vplan.settings",
        DATABASE_URL=database_url,
        VPLAN_SECRET_KEY=secrets.token_urlsafe(50),
        VPLAN_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        VPLAN_BENCH_FLOOR="true",
        VPLAN_MEDIA_ROOT=str(folder / "media"),
        VPLAN_LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    return env


def vplan(env: dict, *args: str, timeout: float = 1800) -> float:
    """Run a vplan command; its wall seconds. Fails loudly with its output."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "vplan"), *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"vplan {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return elapsed


def build_document_file(scale: str, seed: int, folder: Path, given: str | None) -> Path:
    if given:
        return Path(given)
    sys.path.insert(0, str(BENCH))
    from dataset import build_document, dump  # bench/dataset.py

    started = time.perf_counter()
    document = build_document(scale, seed)
    path = folder / f"dataset-{scale}-{seed}.json"
    path.write_bytes(dump(document))
    plans = document.get("plans", [])
    activities = sum(len(plan.get("activities", [])) for plan in plans)
    say(
        f"data set {scale} (seed {seed}): {len(plans)} plans, {activities} activities, "
        f"{path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
    )
    return path


# ---- in-process Django: users, what to measure, query counts, lost saves -----------------------


def setup_django(env: dict) -> None:
    for key in ("DATABASE_URL", "VPLAN_SECRET_KEY", "VPLAN_ALLOWED_HOSTS", "VPLAN_BENCH_FLOOR"):
        os.environ[key] = env[key]
    os.environ["VPLAN_MEDIA_ROOT"] = env["VPLAN_MEDIA_ROOT"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass
class Target:
    name: str
    url: str
    role: str  # editor, controller, admin
    kind: str = "page"  # page, api, search


@dataclass
class World:
    plan_id: int
    plan_activities: int
    administration_id: int
    open_round_id: int | None
    published_round_id: int | None
    report_round_id: int
    report_activities: int
    editor_board_ids: list[int]
    status_ids: list[int]
    targets: list[Target] = field(default_factory=list)


def create_loader() -> str:
    """The administrator who loads the file (`vplan load --user`), as the guide does it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    get_user_model().objects.get_or_create(
        username="bench-admin",
        defaults={"password": make_password(PASSWORD), "first_name": "Admin"},
    )
    return "bench-admin"


def create_users() -> dict:
    """An admin (every administration), a controller and a reader of the largest plan's
    administration, and EDITORS editors spread over its boards: one password hash for all."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from vplan.organisation.memberships import grant_membership
    from vplan.organisation.models import Administration, Role

    plan = largest_plan()
    administration = plan.administration
    boards = list(plan.boards.order_by("pk")) or list(administration.boards.order_by("pk"))
    User = get_user_model()
    password = make_password(PASSWORD)

    def user(username: str):
        made, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "password": password,
                "first_name": username.split("-")[-1].title(),
                "last_name": "Bench",
            },
        )
        return made

    admin = User.objects.get(username="bench-admin")
    admin.password = password
    admin.save(update_fields=["password"])
    for each in Administration.objects.all():
        grant_membership(user=admin, administration=each, role=Role.ADMIN, by=None)
    controller = user("bench-controller")
    grant_membership(user=controller, administration=administration, role=Role.CONTROLLER, by=None)
    reader = user("bench-reader")
    grant_membership(user=reader, administration=administration, role=Role.READER, by=None)
    editors = []
    for number in range(1, EDITORS + 1):
        editor = user(f"bench-editor-{number:02d}")
        board = boards[(number - 1) % len(boards)]
        grant_membership(
            user=editor, administration=administration, board=board, role=Role.EDITOR, by=None
        )
        editors.append((editor.username, board.pk))
    return {
        "admin": admin.username,
        "controller": controller.username,
        "reader": reader.username,
        "editors": editors,
    }


def ensure_object_plan() -> None:
    """The data set holds no IT object plan: one for the largest plan's administration and year,
    with 40 prioritised activities, every second linked to an activity of that year."""
    from vplan.objectplans.models import ITObject, ObjectPlan, ObjectPlanActivity

    if ObjectPlan.objects.exists():
        return
    plan = largest_plan()
    it_object = ITObject.objects.create(
        administration=plan.administration, short_name="BENCH", name="Bench"
    )
    object_plan = ObjectPlan.objects.create(
        it_object=it_object,
        year=plan.year,
        period_start=datetime.date(plan.year, 1, 1),
        period_end=datetime.date(plan.year, 12, 31),
    )
    activities = list(plan.activities.order_by("pk")[:40])
    ObjectPlanActivity.objects.bulk_create(
        ObjectPlanActivity(
            object_plan=object_plan,
            unit="UF",
            text=f"Prioriterad aktivitet {n}",
            activity=activities[n] if n % 2 and n < len(activities) else None,
            order=n,
        )
        for n in range(40)
    )


def largest_plan():
    from django.db.models import Count

    from vplan.plans.models import Plan

    return (
        Plan.objects.select_related("administration")
        .annotate(size=Count("activities"))
        .order_by("-size", "-year", "pk")
        .first()
    )


def discover(users: dict) -> World:
    """The largest plan, its open and published rounds, and every page and API list to time."""
    from django.db.models import Count

    from vplan.followups.models import FollowUpRound
    from vplan.objectplans.models import ObjectPlan

    plan = largest_plan()
    rounds = plan.rounds.order_by("-as_of")
    by_size = FollowUpRound.objects.annotate(size=Count("plan__activities")).order_by(
        "-size", "-as_of"
    )
    open_round = rounds.open().first() or by_size.open().first()
    published = rounds.published().first() or by_size.published().first()
    report_round = rounds.first()
    report_size = report_round.plan.activities.count()
    editor_boards = sorted({board for _, board in users["editors"]})
    world = World(
        plan_id=plan.pk,
        plan_activities=plan.size,
        administration_id=plan.administration_id,
        open_round_id=open_round.pk if open_round else None,
        published_round_id=published.pk if published else None,
        report_round_id=report_round.pk,
        report_activities=report_size,
        editor_board_ids=editor_boards,
        status_ids=offered_status_ids(),
    )
    first_activity = plan.activities.order_by("pk").first()
    adm = plan.administration_id
    t = world.targets
    t.append(Target("start page", "/", "editor"))
    t.append(Target("plan page", f"/plans/{plan.pk}/", "editor"))
    if first_activity is not None:
        t.append(Target("activity page", f"/activities/{first_activity.pk}/", "editor"))
    if open_round:
        o = open_round.pk
        t.append(Target("entry grid, open round", f"/rounds/{o}/", "editor"))
        t.append(
            Target(
                "entry grid, open round, board filter, page 2",
                f"/rounds/{o}/?board={editor_boards[0]}&page=2",
                "editor",
            )
        )
        t.append(Target("entry grid, open round (controller)", f"/rounds/{o}/", "controller"))
        t.append(Target("missing reports, open round", f"/rounds/{o}/missing/", "controller"))
    if published:
        t.append(Target("entry grid, published round", f"/rounds/{published.pk}/", "editor"))
    object_plan = ObjectPlan.objects.order_by("pk").last()
    t.append(Target("object plan list", "/objectplans/", "controller"))
    if object_plan is not None:
        t.append(Target("object plan detail", f"/objectplans/{object_plan.pk}/", "controller"))
        item = object_plan.activities.order_by("order", "pk").first()
        if item is not None:
            t.append(
                Target(
                    "object plan link page",
                    f"/objectplans/{object_plan.pk}/activities/{item.pk}/link/",
                    "controller",
                )
            )
    t.append(Target("report HTML", f"/reports/rounds/{report_round.pk}/", "editor"))
    for name in ("status", "done", "chronic", "overdue"):
        t.append(Target(f"overview {name}", f"/overviews/{adm}/{name}/", "editor"))
    t.append(Target("search page 'skola'", "/search/?q=skola", "editor", "search"))
    t.append(Target("API plans", "/api/plans", "editor", "api"))
    t.append(
        Target("API plan tree", f"/api/plans/{plan.pk}?round={report_round.pk}", "editor", "api")
    )
    t.append(Target("API rounds", "/api/rounds", "editor", "api"))
    if open_round:
        t.append(
            Target("API round entries", f"/api/rounds/{open_round.pk}/entries", "editor", "api")
        )
    if published:
        t.append(
            Target(
                "API round entries, published",
                f"/api/rounds/{published.pk}/entries",
                "editor",
                "api",
            )
        )
    t.append(Target("API report", f"/api/rounds/{report_round.pk}/report", "editor", "api"))
    for name in ("status", "done", "chronic", "overdue"):
        t.append(
            Target(
                f"API overview {name}",
                f"/api/administrations/{adm}/overviews/{name}",
                "editor",
                "api",
            )
        )
    t.append(Target("API search 'skola'", "/api/search?q=skola", "editor", "search"))
    if object_plan is not None:
        t.append(Target("API object plans", "/api/objectplans", "controller", "api"))
        t.append(
            Target(
                "API object plan",
                f"/api/objectplans/{object_plan.pk}",
                "controller",
                "api",
            )
        )
    return world


def role_user(users: dict, role: str) -> str:
    return users["editors"][0][0] if role == "editor" else users[role]


def count_queries(targets: list[Target], users: dict) -> dict[str, int]:
    """Queries of each page, in process through the test client (the second request)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    clients = {}
    counts = {}
    for target in targets:
        if target.role not in clients:
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(username=role_user(users, target.role)))
            clients[target.role] = client
        client = clients[target.role]
        client.get(target.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target.url)
        counts[target.name] = len(queries) if response.status_code == 200 else None
    return counts


# ---- gunicorn and HTTP -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn as the README documents: vplan.wsgi, --workers 4."""

    def __init__(self, env: dict, folder: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "gunicorn.log", "w")  # noqa: SIM115
        command = [str(BIN / "gunicorn"), "vplan.wsgi", "--workers", "4"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout", "60"]
        self.process = subprocess.Popen(
            command, env=env, cwd=folder, stdout=self.log, stderr=subprocess.STDOUT
        )
        import requests

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn stopped at start: see {folder / 'gunicorn.log'}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        else:
            self.stop()
            sys.exit("gunicorn did not answer /healthz within 60 s")

    def workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", status, re.M):
                pids.append(int(entry.name))
        return pids

    def worker_memory_mb(self) -> list[dict]:
        """Each worker's peak (VmHWM) and current (VmRSS) resident memory."""
        found = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            peak = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
            now = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            found.append(
                {
                    "pid": pid,
                    "peak_mb": round(int(peak.group(1)) / 1024, 1) if peak else None,
                    "rss_mb": round(int(now.group(1)) / 1024, 1) if now else None,
                }
            )
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(base: str, username: str):
    """A requests session signed in through the sign-in form, as a person would."""
    import requests

    session = requests.Session()
    page = session.get(base + "/accounts/login/", timeout=120)
    token = CSRF_INPUT.search(page.text)
    response = session.post(
        base + "/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": base + "/accounts/login/"},
        timeout=120,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"sign-in of {username} failed: {response.status_code}")
    return session


def session_of(base: str, username: str):
    """A requests session carrying a session made in the database, as a sign-in makes it (what
    single sign-on does; without the password hash, which costs 0.5 s of CPU on purpose)."""
    import requests
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    session = requests.Session()
    cookie = settings.SESSION_COOKIE_NAME
    session.cookies.set(cookie, client.cookies[cookie].value)
    return session


def timed_get(session, url: str, timeout: float = 30):
    started = time.perf_counter()
    response = session.get(url, timeout=timeout)
    return (time.perf_counter() - started) * 1000, response


def time_pages(server: Server, targets: list[Target], sessions: dict, requests_per_page: int):
    """Per target: the median of N requests, alternating with the floor view in one run."""
    rows = []
    for target in targets:
        session = sessions[target.role]
        page_url, floor_url = server.base + target.url, server.base + FLOOR_URL
        timed_get(session, floor_url)
        _, warm = timed_get(session, page_url, timeout=120)
        page_ms, floor_ms, statuses, size = [], [], set(), len(warm.content)
        statuses.add(warm.status_code)
        started = time.monotonic()
        for number in range(requests_per_page):
            if number >= MIN_REQUESTS and time.monotonic() - started > PAGE_BUDGET_S:
                break  # a slow page: fewer requests, said in the row
            ms, floor = timed_get(session, floor_url)
            floor_ms.append(ms)
            statuses.add(floor.status_code)
            ms, response = timed_get(session, page_url, timeout=120)
            page_ms.append(ms)
            statuses.add(response.status_code)
            size = len(response.content)
        row = {
            "name": target.name,
            "url": target.url,
            "role": target.role,
            "kind": target.kind,
            "median_ms": round(median(page_ms), 1),
            "floor_ms": round(median(floor_ms), 1),
            "ratio": round(median(page_ms) / median(floor_ms), 1),
            "bytes": size,
            "statuses": sorted(statuses),
            "requests": len(page_ms),
        }
        rows.append(row)
        flag = "" if statuses == {200} else f"  STATUS {sorted(statuses)}"
        say(
            f"  {target.name:<46} {row['median_ms']:>8.1f} ms  floor {row['floor_ms']:>6.1f}"
            f"  x{row['ratio']:<6} {size:>10,} B{flag}"
        )
    return rows


# ---- the deadline week ---------------------------------------------------------------------------

ROW_FORM = re.compile(r'action="/rounds/(\d+)/activities/(\d+)/report/"')
VERSION_INPUT = re.compile(r'name="a(\d+)-expected_version"[^>]*value="(\d+)"')


def offered_status_ids() -> list[int]:
    """The statuses an author may choose on the grid."""
    from vplan.followups.entry_grid import offered_statuses

    return [status.pk for status in offered_statuses()]


def save_fields(*, activity: int, status: int, comment: str, version: int) -> dict[str, str]:
    """The fields of one row's save, as the grid's row form posts them."""
    return {
        f"a{activity}-status": str(status),
        f"a{activity}-comment": comment,
        f"a{activity}-expected_version": str(version),
    }


def editable_rows(html: str) -> dict[int, int]:
    """activity id -> the expected_version the page offers, for every row the page lets save."""
    versions = {int(a): int(v) for a, v in VERSION_INPUT.findall(html)}
    return {int(a): versions[int(a)] for _, a in ROW_FORM.findall(html) if int(a) in versions}


@dataclass
class Tally:
    page_ms: list[float] = field(default_factory=list)
    save_ms: list[float] = field(default_factory=list)
    saves_ok: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    timeouts: int = 0
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Editor:
    """One simulated editor: a signed-in session, their grid, rows they may save."""

    def __init__(
        self, server: Server, session, number: int, round_id: int, status_ids: list[int], page=1
    ):
        self.server, self.session, self.number = server, session, number
        self.grid_url = f"{server.base}/rounds/{round_id}/" + (f"?page={page}" if page > 1 else "")
        self.round_id = round_id
        self.status_ids = status_ids
        self.rows: dict[int, int] = {}
        self.csrf = ""
        self.random = random.Random(number)
        self.sent = 0

    def open_grid(self, tally: Tally, timeout: float = 10) -> None:
        import requests

        try:
            ms, response = timed_get(self.session, self.grid_url, timeout=timeout)
        except requests.Timeout:
            with tally.lock:
                tally.timeouts += 1
            return
        except requests.RequestException as error:
            with tally.lock:
                tally.errors.append(f"grid: {type(error).__name__}")
            return
        with tally.lock:
            tally.page_ms.append(ms)
            if response.status_code != 200:
                tally.errors.append(f"grid: {response.status_code}")
                return
        self.rows.update(editable_rows(response.text))
        token = CSRF_INPUT.search(response.text)
        self.csrf = token.group(1) if token else self.session.cookies.get("csrftoken", "")

    def save(self, tally: Tally, run_id: str, *, activity: int | None = None, version=None):
        import requests

        if activity is None:
            if not self.rows:
                return
            activity = self.random.choice(sorted(self.rows))
        if version is None:
            version = self.rows[activity]
        self.sent += 1
        token = f"bench {run_id} e{self.number} n{self.sent}"
        status = self.random.choice(self.status_ids)
        data = save_fields(activity=activity, status=status, comment=token, version=version)
        data["csrfmiddlewaretoken"] = self.csrf
        url = f"{self.server.base}/rounds/{self.round_id}/activities/{activity}/report/"
        headers = {"HX-Request": "true", "X-CSRFToken": self.csrf, "Referer": self.grid_url}
        started = time.perf_counter()
        try:
            response = self.session.post(url, data=data, headers=headers, timeout=10)
        except requests.Timeout:
            with tally.lock:
                tally.timeouts += 1
            return None
        except requests.RequestException as error:
            with tally.lock:
                tally.errors.append(f"save: {type(error).__name__}")
            return None
        ms = (time.perf_counter() - started) * 1000
        offered = editable_rows(response.text)
        if activity in offered:
            self.rows[activity] = offered[activity]
        with tally.lock:
            tally.save_ms.append(ms)
            if response.status_code in (200, 201):
                tally.saves_ok += 1
                tally.acknowledged.append(token)
            elif response.status_code == 409:
                tally.conflicts += 1
            else:
                tally.errors.append(f"save: {response.status_code}")
        return response.status_code


def deadline_week(editors: list[Editor], seconds: float, run_id: str) -> Tally:
    """Each editor arrives within the first 5 s (seeded, as people open the grid at different
    moments, not at the same instant), opens the grid, then saves a row every 2-5 s of think
    time, with a page load now and then, until the time is up."""
    tally = Tally()
    stop_at = time.monotonic() + seconds

    def work(editor: Editor):
        time.sleep(editor.random.uniform(0, ARRIVAL_S))
        editor.open_grid(tally)
        while True:
            pause = editor.random.uniform(2, 5)
            if time.monotonic() + pause >= stop_at:
                break
            time.sleep(pause)
            if not editor.rows or editor.random.random() < 0.25:
                editor.open_grid(tally)
            else:
                editor.save(tally, run_id)

    threads = [threading.Thread(target=work, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def saturation(editors: list[Editor], seconds: float, run_id: str) -> dict:
    """Saves per second with no think time."""
    tally = Tally()
    stop_at = time.monotonic() + seconds
    started = time.monotonic()

    def work(editor: Editor):
        while time.monotonic() < stop_at:
            if editor.save(tally, run_id) is None and not editor.rows:
                break

    threads = [threading.Thread(target=work, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "clients": len(editors),
        "seconds": round(elapsed, 1),
        "saves_per_s": round(tally.saves_ok / elapsed, 1),
        "p50_ms": _round(median(tally.save_ms)),
        "p95_ms": _round(percentile(tally.save_ms, 0.95)),
        "conflicts": tally.conflicts,
        "errors": len(tally.errors),
        "timeouts": tally.timeouts,
        "_tally": tally,
    }


def one_activity_race(server: Server, session, round_id: int, status_ids: list[int], run_id):
    """50 saves of one activity on the same version at once: one winner, 49 conflicts."""
    import requests

    from vplan.followups.models import FollowUpRound
    from vplan.followups.reporting import current_report

    round = FollowUpRound.objects.get(pk=round_id)
    activity = round.plan.activities.order_by("-pk").first()
    latest = current_report(activity=activity, round=round)
    version = latest.version if latest else 0
    grid = session.get(f"{server.base}/rounds/{round_id}/", timeout=120)
    token = CSRF_INPUT.search(grid.text)
    csrf = token.group(1) if token else session.cookies.get("csrftoken", "")
    barrier = threading.Barrier(EDITORS)
    codes: list[int] = []

    def one(number: int):
        racer = requests.Session()
        racer.cookies.update(session.cookies)
        data = save_fields(
            activity=activity.pk,
            status=status_ids[number % len(status_ids)],
            comment=f"bench {run_id} race {number}",
            version=version,
        )
        data["csrfmiddlewaretoken"] = csrf
        barrier.wait()
        try:
            response = racer.post(
                f"{server.base}/rounds/{round_id}/activities/{activity.pk}/report/",
                data=data,
                headers={"HX-Request": "true", "X-CSRFToken": csrf},
                timeout=60,
            )
            codes.append(response.status_code)
        except requests.RequestException:
            codes.append(-1)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rows = round.reports.filter(activity=activity, comment__startswith=f"bench {run_id} race ")
    return {
        "saves": EDITORS,
        "winners": sum(1 for code in codes if code in (200, 201)),
        "conflicts": codes.count(409),
        "other": sorted(code for code in codes if code not in (200, 201, 409)),
        "rows": rows.count(),
    }


def lost_saves(tokens: list[str]) -> int:
    """Acknowledged saves (200/201) with no StatusReport row carrying their comment."""
    from vplan.followups.models import StatusReport

    found = set()
    for start in range(0, len(tokens), 1000):
        chunk = tokens[start : start + 1000]
        found.update(
            StatusReport.objects.filter(comment__in=chunk).values_list("comment", flat=True)
        )
    return len(set(tokens) - found)


# ---- reports, start-up ---------------------------------------------------------------------------

REPORT_FORMATS = [("xlsx", "Excel"), ("docx", "Word"), ("pdf", "PDF/A")]


def report_child(format: str, round_id: int) -> None:
    """In a subprocess of its own: produce one report; print its seconds and size as JSON."""
    import django

    django.setup()
    from vplan.followups.models import FollowUpRound
    from vplan.reports.formats import produce_report

    round = FollowUpRound.objects.get(pk=round_id)
    started = time.perf_counter()
    produced = produce_report(round=round, format=format)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "bytes": len(produced.content)}))


def time_report(env: dict, format: str, round_id: int, activities: int) -> dict:
    command = [sys.executable, str(Path(__file__)), "--report-child", format, str(round_id)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.stdout.read(), process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        return {
            "format": format,
            "activities": activities,
            "seconds": None,
            "peak_mb": round(usage.ru_maxrss / 1024, 1),
            "error": err.decode(errors="replace")[-2000:],
        }
    child = json.loads(out.decode().strip().splitlines()[-1])
    return {
        "format": format,
        "activities": activities,
        "seconds": round(child["seconds"], 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "bytes": child["bytes"],
    }


def startup(env: dict, repeat: int = 3) -> dict:
    """Median wall seconds of commands that do nothing but start."""
    commands = {"vplan help": ["help"], "vplan import --help": ["import", "--help"]}
    figures = {}
    for label, args in commands.items():
        runs = [vplan(env, *args, timeout=120) for _ in range(repeat)]
        figures[label] = round(median(runs), 2)
    return figures


# ---- the table -----------------------------------------------------------------------------------


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("PASS" if ok else "MISS")


def print_table(result: dict) -> None:
    g = GOALS
    print()
    print(f"Vplan benchmark, scale {result['scale']}, {result['started']} on {result['machine']}")
    print("(shared machine: other work ran beside it; compare figures of the same run)")
    print()
    head = f"{'page / API list':<48} {'median':>8} {'floor':>7} {'x':>6} {'bytes':>10}"
    print(head + f" {'q small':>7} {'q large':>7}  goal <=150 ms, <=3x, <300 KB, flat")
    for row in result["pages"]:
        ok = (
            row["statuses"] == [200]
            and row["median_ms"] <= g["page_ms"]
            and row["ratio"] <= g["page_ratio"]
            and row["bytes"] < g["page_bytes"]
            and (
                row["queries_small"] is None
                or row["queries_large"] is None
                or row["queries_large"] <= row["queries_small"]
            )
        )
        status = "" if row["statuses"] == [200] else f" STATUS {row['statuses']}"
        qs = "-" if row["queries_small"] is None else row["queries_small"]
        ql = "-" if row["queries_large"] is None else row["queries_large"]
        print(
            f"{row['name'][:48]:<48} {row['median_ms']:>8.1f} {row['floor_ms']:>7.1f}"
            f" {row['ratio']:>6.1f} {row['bytes']:>10,} {qs:>7} {ql:>7}  {verdict(ok)}{status}"
        )
    load = result["load"]
    print()
    print(f"Deadline week: {load['editors']} editors, {load['seconds']} s, think time 2-5 s")
    p95_ok = load["p95_ms"] is not None and load["p95_ms"] < g["load_p95_ms"]
    print(
        f"  page loads p50 {load['page_p50_ms']} ms, p95 {load['page_p95_ms']} ms; saves p50 "
        f"{load['save_p50_ms']} ms, p95 {load['save_p95_ms']} ms"
        f"  (goal p95 < 500 ms)  {verdict(p95_ok)}"
    )
    clean = load["errors"] == 0 and load["timeouts"] == 0 and load["lost"] == 0
    print(
        f"  saves {load['saves']}, conflicts {load['conflicts']}, errors {load['errors']}, "
        f"timeouts {load['timeouts']}, lost {load['lost']}  (goal 0, 0, 0)  {verdict(clean)}"
    )
    for s in load["saturation"]:
        print(
            f"  saturation, {s['clients']:>2} client(s), no think time: {s['saves_per_s']} saves/s,"
            f" p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, errors {s['errors']}"
        )
    race = load["one_activity"]
    race_ok = race["winners"] == 1 and race["conflicts"] == EDITORS - 1 and race["rows"] == 1
    print(
        f"  {race['saves']} saves of one activity at once: {race['winners']} winner(s), "
        f"{race['conflicts']} conflicts, {race['rows']} row(s)  (goal 1, 49, 1)  {verdict(race_ok)}"
    )
    print()
    print("Reports (largest plan's latest round, one subprocess each)")
    for report in result["reports"]:
        goal_s = g["reports_s"][report["format"]]
        ok = report["seconds"] is not None and report["seconds"] < goal_s
        if report["format"] == "pdf":
            ok = ok and report["peak_mb"] < g["report_mb"]
        seconds = "ERROR" if report["seconds"] is None else f"{report['seconds']} s"
        print(
            f"  {report['format']:<5} {report['activities']:>6} activities: {seconds:>9}, "
            f"peak {report['peak_mb']} MB  (goal < {goal_s} s"
            f"{', < 400 MB' if report['format'] == 'pdf' else ''})  {verdict(ok)}"
        )
    print()
    print(
        f"Search: worst word's median {result['search_ms']} ms  (goal < 200 ms)  "
        f"{verdict(result['search_ms'] is not None and result['search_ms'] < g['search_ms'])}"
    )
    for word, ms in result["search_words_ms"].items():
        print(f"  {word:<30} {ms} ms")
    if result["load_s"] is None:
        print("Bulk: vplan load not measured (--reuse-database)")
    else:
        print(
            f"Bulk: vplan load {result['load_s']} s  (goal < 60 s)  "
            f"{verdict(result['load_s'] < g['load_s'])}"
        )
    worst_start = max(result["startup_s"].values())
    print(f"Start-up: {result['startup_s']}  (goal < 1 s)  {verdict(worst_start < g['startup_s'])}")
    print(
        f"Memory: gunicorn workers' peak {result['worker_peak_mb']} MB  (goal < 300 MB)  "
        f"{verdict(result['worker_peak_mb'] < g['worker_mb'])}"
    )
    print()


ISSUE_KEYS = {
    "": ["scale", "pages", "load", "reports", "search_ms", "load_s"],
    "pages": ["name", "median_ms", "floor_ms", "ratio", "queries_small", "queries_large", "bytes"],
    "load": ["p95_ms", "errors", "timeouts", "lost"],
    "reports": ["format", "activities", "seconds", "peak_mb"],
}


def missing_keys(result: dict) -> list[str]:
    """The keys issue 17 asks of the JSON that `result` lacks ("pages[3].bytes")."""
    missing = [key for key in ISSUE_KEYS[""] if key not in result]
    for key in ("pages", "reports"):
        for index, item in enumerate(result.get(key, [])):
            missing += [f"{key}[{index}].{k}" for k in ISSUE_KEYS[key] if k not in item]
    missing += [f"load.{k}" for k in ISSUE_KEYS["load"] if k not in result.get("load", {})]
    return sorted(missing)


def failures(result: dict) -> list[str]:
    """What fails the run whatever the machine's speed."""
    found = []
    for row in result["pages"]:
        if row["statuses"] != [200]:
            found.append(f"{row['name']} ({row['url']}) answered {row['statuses']}")
    if result.get("search_errors"):
        found.append(f"search answered errors: {result['search_errors']}")
    load = result["load"]
    if load["errors"]:
        found.append(f"deadline week: {load['errors']} errors: {load['error_kinds']}")
    if load["lost"]:
        found.append(
            f"deadline week: {load['lost']} lost saves (acknowledged, not in the database)"
        )
    if load.get("rows_offered") == 0:
        found.append("deadline week: the grid offered no row to save (has its row form changed?)")
    race = load["one_activity"]
    if race["winners"] != 1 or race["rows"] != 1 or race["other"]:
        found.append(f"one-activity race: {race}")
    for s in load["saturation"]:
        if s["errors"]:
            found.append(f"saturation with {s['clients']} clients: {s['errors']} errors")
    return found


# ---- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(RUNS), default="small")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--document", help="an exchange file to load instead of bench/dataset.py")
    parser.add_argument(
        "--queries-small",
        help="small-scale query counts: a JSON of an earlier small run (default, at the large "
        "scale: count them on a small database built now)",
    )
    parser.add_argument(
        "--reuse-database",
        nargs="?",
        const="yes",
        help="measure the database a previous run of this scale loaded (PostgreSQL: its name; "
        "SQLite: give the file), migrated to this checkout: no load, no load_s",
    )
    parser.add_argument("--queries-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report_child:
        report_child(args.report_child[0], int(args.report_child[1]))
        return 0
    return run(args)


def run(args) -> int:
    began = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    settings = RUNS[args.scale]
    folder = Path(tempfile.mkdtemp(prefix=f"vplan-bench-{args.scale}-"))
    run_id = secrets.token_hex(3)
    name = f"vplan_bench_{args.scale}" + ("_queries" if args.queries_only else "")
    say(f"scale {args.scale}, {args.database}, seed {args.seed}, work folder {folder}")
    if args.reuse_database:
        database_url = f"{POSTGRES_SERVER}/{name}" if args.database == "postgresql" else ""
        database_url = database_url or f"sqlite:///{Path(args.reuse_database).resolve()}"
        env = bench_environment(database_url, folder)
        say(f"reusing the loaded database {database_url}: migrating it (no load, no load_s)")
        vplan(env, "migrate", "--no-input", "-v", "0")
        setup_django(env)
        load_s = None
    else:
        database_url = fresh_database(args.database, name, folder)
        env = bench_environment(database_url, folder)
        document = build_document_file(args.scale, args.seed, folder, args.document)
        say("migrating a fresh database")
        vplan(env, "migrate", "--no-input", "-v", "0")
        setup_django(env)
        loader = create_loader()
        say("vplan load (timed)")
        load_s = vplan(env, "load", str(document), "--user", loader)
        say(f"  vplan load: {load_s:.1f} s")
    users = create_users()
    ensure_object_plan()
    world = discover(users)
    say(
        f"largest plan {world.plan_id}: {world.plan_activities} activities; open round "
        f"{world.open_round_id}, published round {world.published_round_id}; "
        f"{len(world.targets)} pages and API lists"
    )
    queries = count_queries(world.targets, users)
    if args.queries_only:
        Path(args.json).write_text(json.dumps({"queries": queries}), encoding="utf-8")
        return 0
    say("query counts (in process, the test client): " + ", ".join(map(str, queries.values())))
    other = small_queries(args, folder) if args.scale == "large" else {}

    server = Server(env, folder)
    try:
        result = measure(args, settings, env, server, users, world, run_id)
    finally:
        server.stop()
    for row in result["pages"]:
        mine = queries.get(row["name"])
        row["queries_small"] = mine if args.scale == "small" else other.get(row["name"])
        row["queries_large"] = mine if args.scale == "large" else None
    result.update(
        scale=args.scale,
        seed=args.seed,
        database=args.database,
        load_s=_round(load_s),
        activities=world.plan_activities,
        started=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine=f"{os.cpu_count()} cores, load average {load_at_start:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end",
        commit=current_commit(),
        goals=GOALS,
        seconds=round(time.perf_counter() - began),
    )
    assert missing_keys(result) == [], missing_keys(result)
    print_table(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        say(f"wrote {args.json}")
    shutil.rmtree(folder, ignore_errors=True)
    problems = failures(result)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    say(f"done in {time.perf_counter() - began:.0f} s")
    return 1 if problems else 0


def current_commit() -> str | None:
    """The checkout's commit, and whether files differ from it; None outside a git checkout."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head} with uncommitted changes" if changed else head


def small_queries(args, folder: Path) -> dict:
    """Query counts of the same pages at the small scale (a JSON given, or a database built now)."""
    if args.queries_small:
        earlier = json.loads(Path(args.queries_small).read_text())
        return {row["name"]: row.get("queries_small") for row in earlier["pages"]}
    say("query counts at the small scale: building a small database beside (subprocess)")
    out = folder / "queries-small.json"
    command = [sys.executable, str(Path(__file__)), "--scale", "small", "--queries-only"]
    command += ["--json", str(out), "--database", args.database, "--seed", str(args.seed)]
    subprocess.run(command, check=True)
    return json.loads(out.read_text())["queries"]


def measure(args, settings, env, server: Server, users, world: World, run_id: str) -> dict:
    say("signing in (editor, controller, admin) through the sign-in form")
    sessions = {
        "editor": sign_in(server.base, users["editors"][0][0]),
        "controller": sign_in(server.base, users["controller"]),
        "admin": sign_in(server.base, users["admin"]),
    }
    say(f"pages: median of {settings['requests']} requests each, alternating with the floor")
    pages = time_pages(server, world.targets, sessions, settings["requests"])

    say("search: several words, page and API")
    search_words_ms, search_errors = {}, []
    for word in SEARCH_WORDS:
        for label, url in (("page", f"/search/?q={word}"), ("API", f"/api/search?q={word}")):
            runs, started = [], time.monotonic()
            for number in range(max(5, settings["requests"] // 2)):
                if number >= MIN_REQUESTS and time.monotonic() - started > PAGE_BUDGET_S:
                    break  # a slow search: fewer requests
                ms, response = timed_get(sessions["editor"], server.base + url, timeout=120)
                if response.status_code != 200:
                    search_errors.append(f"{url}: {response.status_code}")
                runs.append(ms)
            search_words_ms[f"{label} {word}"] = round(median(runs), 1)
    search_ms = max(search_words_ms.values())
    say(f"  worst word's median {search_ms} ms; {len(search_errors)} errors")

    load = {"editors": EDITORS, "seconds": settings["deadline_s"], "round_id": world.open_round_id}
    if world.open_round_id is None:
        sys.exit("the data set has no open round: no deadline week to simulate")
    started = time.perf_counter()
    if settings["sign_in"] == "form":
        say(f"deadline week: {EDITORS} editors sign in through the sign-in form, 4 at a time")
        # One per worker at a time: each sign-in hashes the password, slowly on purpose.
        with ThreadPoolExecutor(max_workers=4) as pool:
            editor_sessions = list(pool.map(lambda e: sign_in(server.base, e[0]), users["editors"]))
    else:
        say(f"deadline week: {EDITORS} editors' sessions made in the database (no hashing)")
        editor_sessions = [session_of(server.base, e[0]) for e in users["editors"]]
    load["sign_in"] = settings["sign_in"]
    load["sign_in_s"] = round(time.perf_counter() - started, 1)
    # The editors of one board work on different pages of its rows (the 1st, 2nd ... editor of a
    # board on page 1, 2 ...), as colleagues share a board's activities between them.
    boards = len(world.editor_board_ids)
    editors = [
        Editor(
            server,
            session,
            number,
            world.open_round_id,
            world.status_ids,
            page=1 + (number - 1) // boards,
        )
        for number, session in enumerate(editor_sessions, start=1)
    ]
    say(f"deadline week: {settings['deadline_s']} s of open grid, think 2-5 s, save or reload")
    tally = deadline_week(editors, settings["deadline_s"], run_id)
    everything = tally.page_ms + tally.save_ms
    load.update(
        page_loads=len(tally.page_ms),
        page_p50_ms=_round(median(tally.page_ms)),
        page_p95_ms=_round(percentile(tally.page_ms, 0.95)),
        save_p50_ms=_round(median(tally.save_ms)),
        save_p95_ms=_round(percentile(tally.save_ms, 0.95)),
        p95_ms=_round(percentile(everything, 0.95)),
        saves=tally.saves_ok,
        conflicts=tally.conflicts,
        errors=len(tally.errors),
        error_kinds=sorted(set(tally.errors)),
        timeouts=tally.timeouts,
    )
    say(
        f"  {len(tally.page_ms)} page loads p95 {load['page_p95_ms']} ms, {tally.saves_ok} saves "
        f"p95 {load['save_p95_ms']} ms, {tally.conflicts} conflicts, {len(tally.errors)} errors, "
        f"{tally.timeouts} timeouts"
    )
    acknowledged = list(tally.acknowledged)
    for editor in editors:  # whoever never got their grid gets it now, untimed
        if not editor.rows:
            editor.open_grid(Tally(), timeout=300)
    load["rows_offered"] = sum(len(editor.rows) for editor in editors)
    load["saturation"] = []
    for clients in (1, EDITORS):
        say(f"saturation: {clients} client(s), no think time, {settings['saturation_s']} s")
        figures = saturation(editors[:clients], settings["saturation_s"], run_id)
        acknowledged += figures.pop("_tally").acknowledged
        load["saturation"].append(figures)
        say(f"  {figures['saves_per_s']} saves/s, p95 {figures['p95_ms']} ms")
    say("one activity, 50 saves on the same version at once")
    load["one_activity"] = one_activity_race(
        server, sessions["admin"], world.open_round_id, world.status_ids, run_id
    )
    load["lost"] = lost_saves(acknowledged)
    load["acknowledged"] = len(acknowledged)
    say(f"  {load['one_activity']}; lost saves: {load['lost']} of {len(acknowledged)}")

    memory = server.worker_memory_mb()
    say(f"workers' memory: {memory}")

    say("reports: Excel, Word, PDF/A of the largest plan's latest round (subprocess each)")
    reports = []
    for format, label in REPORT_FORMATS:
        report = time_report(env, format, world.report_round_id, world.report_activities)
        reports.append(report)
        say(f"  {label}: {report['seconds']} s, peak {report['peak_mb']} MB")
    say("start-up of commands")
    startup_s = startup(env, repeat=settings["startup_runs"])
    return {
        "pages": pages,
        "load": load,
        "reports": reports,
        "search_ms": search_ms,
        "search_words_ms": search_words_ms,
        "search_errors": sorted(set(search_errors)),
        "worker_peak_mb": max((w["peak_mb"] or 0) for w in memory) if memory else None,
        "workers": memory,
        "startup_s": startup_s,
    }


if __name__ == "__main__":
    sys.exit(main())
