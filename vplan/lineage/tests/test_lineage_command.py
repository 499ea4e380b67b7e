"""vplan lineage [--plan ID] [--propose] --json."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from vplan.lineage.models import LineageLink
from vplan.lineage.tests.lineage_fixtures import two_years


def _run(*args) -> str:
    out = StringIO()
    call_command("lineage", *[str(a) for a in args], stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def years(administration, board):
    return two_years(administration=administration, board=board)


def test_propose_and_print_the_links_as_json(years):
    printed = json.loads(_run("--plan", years["this_year"].pk, "--propose", "--json"))

    assert len(printed) == 1
    link = printed[0]
    assert link["activity"] == {
        "id": years["new"].pk,
        "plan_id": years["this_year"].pk,
        "plan_year": 2024,
        "text": years["new"].text,
    }
    assert link["predecessor"]["id"] == years["old"].pk
    assert link["predecessor"]["plan_year"] == 2023
    assert link["predecessor"]["text"] == years["old"].text
    assert 0 <= link["confidence"] <= 1
    assert link["decision"] == "pending"
    assert link["decided_by"] is None


def test_confirm_from_the_command_line_records_the_user(years, controller):
    _run("--propose")
    link = LineageLink.objects.get()

    printed = json.loads(_run("--confirm", link.pk, "--user", "controller", "--json"))

    assert printed[0]["decision"] == "confirmed"
    assert printed[0]["decided_by"] == "controller"


def test_the_plain_listing_shows_both_years(years):
    output = _run("--propose")
    assert "2023" in output and "2024" in output and "pending" in output


def test_unknown_plan_link_or_user_is_refused(years):
    with pytest.raises(CommandError, match="no plan"):
        _run("--plan", 999999)
    with pytest.raises(CommandError, match="no link"):
        _run("--confirm", 999999)
    with pytest.raises(CommandError, match="no user"):
        _run("--user", "nobody")
