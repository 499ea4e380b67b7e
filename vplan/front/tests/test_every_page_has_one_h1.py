"""Project-wide: every named page that answers a GET with HTML has exactly one <h1>.

Walks the URL configuration, fills the arguments it knows from the demo data, and asks as a
controller and as a signed-out visitor. JSON, files, redirects and POST-only URLs are left out.
"""

import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

SKIPPED_NAMESPACES = {"admin", "api"}


def named_patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in SKIPPED_NAMESPACES:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from named_patterns(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, list(pattern.pattern.regex.groupindex)


def arguments(demo) -> dict:
    plan = demo["plans"][max(demo["plans"])]
    round = plan.rounds.order_by("-as_of").first()
    return {
        "plan_id": plan.pk,
        "round_id": round.pk,
        "activity_id": plan.activities.order_by("pk").first().pk,
        "administration_id": demo["administration"].pk,
        "action": "close",
    }


def pages(demo):
    known = arguments(demo)
    for name, params in named_patterns():
        if not all(param in known for param in params):
            continue
        try:
            yield name, reverse(name, kwargs={param: known[param] for param in params})
        except NoReverseMatch:  # e.g. an action this URL does not take
            continue


@pytest.mark.parametrize("signed_in", [True, False], ids=["controller", "signed-out"])
def test_every_html_page_has_exactly_one_h1(demo, signed_in):
    client = Client()
    if signed_in:
        client.force_login(demo["users"]["controller"])
    checked = []
    for name, url in pages(demo):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        count = len(re.findall(rb"<h1[\s>]", response.content))
        assert count == 1, f"{name} ({url}) has {count} <h1>"
        checked.append(name)
    assert "front:start" in checked and "front:accessibility" in checked
    if signed_in:
        mine = {
            "plans:plan",
            "plans:activity",
            "plans:edit",
            "followups:round",
            "followups:missing",
        }
        assert mine <= set(checked)
