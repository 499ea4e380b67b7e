"""What the scenario tests need to use Vplan as people do: a browser per persona that follows
the pages' own forms, the links of the site, the visible text of a page or a report file, and
the exchange round trip.

Nothing here knows a view's internals: a form is filled from the HTML the page sent (its inputs,
selects, textareas, also those outside the <form> that name it with form="..."), then the test
changes the fields a person would change and posts it where the form says.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import io
import json
import re
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from django.test import Client

SITE = "http://testserver"


# --- one persona's browser -----------------------------------------------------------------


class Browser:
    """A test client signed in as one user (or nobody), with the steps a person takes."""

    def __init__(self, user=None, *, name: str = ""):
        self.user = user
        self.name = name or (user.username if user is not None else "signed out")
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)

    def __repr__(self) -> str:
        return f"<Browser {self.name}>"

    def get(self, url: str, *, expect: int | tuple = 200, **extra):
        response = self.client.get(url, **extra)
        _expect(response, expect, f"{self.name}: GET {url}")
        return response

    def post(self, url: str, data=None, *, expect: int | tuple = 302, step: str = "", **extra):
        response = self.client.post(url, data or {}, **extra)
        _expect(response, expect, f"{self.name}: POST {url} {step}".strip(), data=data)
        return response

    def submit(
        self,
        page_url: str,
        *,
        action: str | None = None,
        fields: dict | None = None,
        button: tuple[str, str] | None = None,
        files: dict | None = None,
        expect: int | tuple = 302,
        step: str = "",
    ):
        """GET `page_url`, take the form that posts to `action` (default: the page itself),
        keep what the page filled in, change `fields`, and post it."""
        page = self.get(page_url)
        document = html_document(page)
        form = find_form(document, action=action, page_url=page_url)
        data = form_values(document, form)
        for name, value in (fields or {}).items():
            data[name] = value if isinstance(value, list) else [value]
        if button is not None:
            data[button[0]] = [button[1]]
        for name, upload in (files or {}).items():
            data[name] = upload
        target = urljoin(page_url, form.get("action") or page_url)
        return self.post(target, data, expect=expect, step=step or f"(form of {page_url})")

    # --- the JSON API, with the user's token or session ---

    def api(self, method: str, path: str, body=None, *, token: str = "", expect=200, **params):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        url = f"/api{path}"
        if method == "get":
            response = self.client.get(url, params, **headers)
        elif method == "delete":
            response = self.client.delete(url, **headers)
        else:
            data = json.dumps(body) if body is not None else None
            response = getattr(self.client, method)(
                url, data=data, content_type="application/json", **headers
            )
        _expect(response, expect, f"{self.name}: {method.upper()} {url}", data=body)
        return response


def _expect(response, expect, what: str, data=None) -> None:
    wanted = expect if isinstance(expect, tuple) else (expect,)
    if response.status_code in wanted:
        return
    body = server_error(response) or response_text(response)[:1500]
    sent = f"\n  sent: {data!r}"[:600] if data is not None else ""
    raise AssertionError(
        f"{what} answered {response.status_code}, expected {' or '.join(map(str, wanted))}"
        f"{sent}\n  answer: {body}"
    )


def server_error(response) -> str:
    """For a 500: the exception and where in Vplan it was raised."""
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    error = exc_info[1]
    frames = [f for f in traceback.extract_tb(exc_info[2]) if "/vplan/" in f.filename]
    where = f" at {frames[-1].filename.split('/vplan/')[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def response_text(response) -> str:
    if getattr(response, "streaming", False):
        return "<streamed>"
    content_type = response.get("Content-Type", "")
    if "html" in content_type:
        try:
            return visible_text(lxml.html.fromstring(response.content))
        except Exception:  # noqa: BLE001 - only for an error message
            pass
    return response.content.decode("utf-8", "replace")


# --- HTML: forms, links, visible text ------------------------------------------------------


def html_document(response):
    return lxml.html.fromstring(response.content)


def find_form(document, *, action: str | None, page_url: str):
    forms = document.xpath("//form[@method='post' or @method='POST']")
    want = urlsplit(urljoin(page_url, action or page_url)).path
    for form in forms:
        if urlsplit(urljoin(page_url, form.get("action") or page_url)).path == want:
            return form
    actions = [form.get("action") for form in forms]
    raise AssertionError(f"{page_url} has no form posting to {want} (forms post to {actions})")


def form_values(document, form) -> dict[str, list[str]]:
    """The values a browser would send for `form`, as a dict of lists (no submit buttons)."""
    elements = list(form.iter("input", "select", "textarea"))
    if form.get("id"):
        elements += document.xpath("//*[@form=$id]", id=form.get("id"))
    data: dict[str, list[str]] = {}
    for element in elements:
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        values = data.setdefault(name, [])
        if element.tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if element.get("checked") is not None:
                    values.append(element.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                values.append(element.get("value", ""))
        elif element.tag == "textarea":
            values.append((element.text or "").removeprefix("\n"))
        elif element.tag == "select":
            options = element.xpath(".//option")
            chosen = [o for o in options if o.get("selected") is not None]
            if not chosen and options and element.get("multiple") is None:
                chosen = options[:1]
            values.extend(o.get("value", o.text_content()) for o in chosen)
    return data


def option_value(document, name: str, label_contains: str) -> str:
    """The value of the option of select `name` whose text contains `label_contains`."""
    for option in document.xpath("//select[@name=$name]//option", name=name):
        if label_contains in option.text_content():
            return option.get("value")
    labels = [o.text_content() for o in document.xpath("//select[@name=$n]//option", n=name)]
    raise AssertionError(f"select {name!r} has no option with {label_contains!r}: {labels}")


def checkbox_value(document, name: str, label_contains: str) -> str:
    for box in document.xpath("//input[@type='checkbox' and @name=$name]", name=name):
        label = box.getparent().text_content()
        if box.get("id"):
            label += " ".join(
                lab.text_content() for lab in document.xpath("//label[@for=$i]", i=box.get("id"))
            )
        if label_contains in label:
            return box.get("value")
    raise AssertionError(f"no checkbox {name!r} labelled with {label_contains!r}")


def visible_text(element) -> str:
    """The text a person reads: no scripts, styles or templates, whitespace collapsed."""
    element = lxml.html.fromstring(lxml.html.tostring(element))
    for hidden in element.xpath("//script|//style|//template"):
        hidden.drop_tree()
    return " ".join(element.text_content().split())


def main_text(response) -> str:
    """The visible text of the page's <main> (the CSRF token and CSP nonce are not text)."""
    mains = html_document(response).xpath("//main")
    assert mains, f"{response.wsgi_request.path} has no <main>"
    return visible_text(mains[0])


def links(response, *, base: str) -> list[str]:
    """The site's own GET links of an HTML page: <a href>, and GET forms without fields."""
    try:
        document = html_document(response)
    except (lxml.etree.ParserError, ValueError):
        return []
    found = []
    for href in document.xpath("//a/@href|//link[@rel='alternate']/@href"):
        url = urljoin(SITE + base, href.strip())
        parts = urlsplit(url)
        if parts.netloc != "testserver" or parts.scheme not in ("http", "https"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def diff(before: str, after: str, *, limit: int = 12) -> str:
    lines = difflib.unified_diff(
        _wrap(before), _wrap(after), "at publication", "now", lineterm="", n=1
    )
    shown = list(lines)[: limit + 2]
    return "\n".join(shown) if shown else "(no visible difference)"


def _wrap(text: str) -> list[str]:
    """Cut long one-line texts at sentence-ish places so a diff shows where they differ."""
    return [piece for line in text.splitlines() for piece in re.split(r"(?<=[.:;!?])\s+", line)]


# --- report files as text ------------------------------------------------------------------


@functools.lru_cache(maxsize=128)
def file_text(format: str, content: bytes) -> str:
    """What a reader of the file sees, so a changed file can be told from a re-stamped one.
    (Cached by the bytes: a published file is downloaded again and again, byte for byte.)"""
    if format == "csv":
        return content.decode("utf-8-sig")
    if format == "html":
        return "\n".join(
            visible_text(element) for element in lxml.html.fromstring(content).xpath("//body")
        )
    if format == "docx":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)
        return "\n".join(
            "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs
        )
    if format == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        rows = []
        for sheet in book.worksheets:
            rows.append(f"[{sheet.title}]")
            rows += [
                "\t".join("" if v is None else str(v) for v in row)
                for row in sheet.iter_rows(values_only=True)
            ]
        return "\n".join(rows)
    if format == "pdf":
        import pypdf

        reader = pypdf.PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    raise ValueError(format)


def explain_changed_file(format: str, before: bytes, after: bytes) -> str:
    """Why two downloads of one published report differ: their text, or only their stamps."""
    old, new = file_text(format, before), file_text(format, after)
    if old == new:
        return (
            f"same text, different bytes ({len(before)} -> {len(after)} bytes): the file is "
            "produced anew on each download (time stamps), not kept as published"
        )
    return f"its text changed:\n{diff(old, new)}"


# --- the exchange round trip ---------------------------------------------------------------


def wipe_plans() -> None:
    """Empty the database of plans (and what hangs on them), keeping users and statuses."""
    from vplan.followups.models import (
        BoardReadiness,
        FollowUpRound,
        Postponement,
        Reminder,
        RoundOverride,
        StatusReport,
    )
    from vplan.plans.models import (
        Activity,
        Assignment,
        BoardGoal,
        MunicipalGoal,
        Placement,
        Plan,
    )

    _delete_dependents()
    for model in (RoundOverride, Reminder, BoardReadiness, Postponement):
        model.objects.all().delete()
    StatusReport.objects.all().delete()
    FollowUpRound.objects.all().delete()
    Placement.objects.all().delete()
    Activity.all_objects.update(carried_over_from=None, parent=None)
    Activity.all_objects.all().delete()
    Assignment.objects.all().delete()
    BoardGoal.objects.all().delete()
    MunicipalGoal.objects.all().delete()
    Plan.all_objects.all().delete()


def _delete_dependents() -> None:
    """Rows of other apps that point at plans, rounds or activities (in an order that their
    protected foreign keys allow: a model refused now is tried again after the others)."""
    from django.apps import apps
    from django.db.models import ProtectedError, RestrictedError

    from vplan.objectplans.models import ObjectPlanActivity

    ObjectPlanActivity.objects.update(activity=None)
    waiting = [
        model
        for model in apps.get_models()
        if model._meta.app_label in ("imports", "reports", "lineage") and model._meta.managed
    ]
    for _ in range(len(waiting) + 1):
        refused = []
        for model in waiting:
            try:
                model._default_manager.all().delete()
            except (ProtectedError, RestrictedError):
                refused.append(model)
        if not refused:
            return
        waiting = refused
    raise AssertionError(f"cannot empty {waiting}")


# --- collecting problems -------------------------------------------------------------------


@dataclass
class Problems:
    """Failures collected along the scenario, so one run names all of them."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(text)

    def check(self, condition: bool, text: str) -> None:
        if not condition:
            self.add(text)

    @contextlib.contextmanager
    def step(self, name: str, timings: dict | None = None):
        """A step of the scenario: its failure is recorded and the year goes on."""
        started = time.perf_counter()
        try:
            yield
        except AssertionError as error:
            self.add(f"step '{name}' failed: {error}")
        except Exception as error:  # noqa: BLE001 - the year goes on; the failure is reported
            frames = [
                f for f in traceback.extract_tb(error.__traceback__) if "/vplan/" in f.filename
            ]
            where = (
                f" at {frames[-1].filename.split('/vplan/')[-1]}:{frames[-1].lineno}"
                if frames
                else ""
            )
            self.add(f"step '{name}' raised {type(error).__name__}: {error}{where}")
        finally:
            if timings is not None:
                timings[name] = round(time.perf_counter() - started, 1)

    def __bool__(self) -> bool:
        return bool(self.items)

    def report(self, title: str) -> str:
        """Each kind of problem once, in full, with where else it happened."""
        groups: dict[str, list[str]] = {}
        for item in self.items:
            groups.setdefault(_kind_of(item), []).append(item)
        lines = [f"{title}: {len(groups)} kinds of problem ({len(self.items)} in all)"]
        for number, items in enumerate(groups.values(), 1):
            lines.append(f"{number}. {items[0]}")
            if len(items) > 1:
                elsewhere = [_where(item) for item in items[1:]]
                shown = ", ".join(elsewhere[:8]) + (" …" if len(elsewhere) > 8 else "")
                lines.append(f"   (and {len(items) - 1} more like it: {shown})")
        return "\n".join(lines)


_PERSONAS = r"\b(admin|controller|editor|reader|grannen|signed out)\b"
_FORMATS = r"\b(docx|pdf|html|xlsx|csv)\b"


def _kind_of(item: str) -> str:
    first = item.splitlines()[0]
    first = re.sub(r"\[[^\]]*\]", "[…]", first.split(" answered ")[0].split(": its text")[0])
    first = re.sub(_FORMATS, "<format>", re.sub(_PERSONAS, "<who>", first))
    return re.sub(r"\d+", "#", first)


def _where(item: str) -> str:
    first = item.splitlines()[0]
    who = re.search(_PERSONAS, first)
    url = re.search(r"(/[\w/.?=-]+)", first)
    return " ".join(part.group(0) for part in (who, url) if part) or first[:60]
