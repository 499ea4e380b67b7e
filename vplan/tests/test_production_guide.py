"""docs/production.md stays true: every `vplan` command it tells an operator to run exists, every
VPLAN_ variable it names is one Vplan reads, and every page it points to answers."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "production.md").read_text(encoding="utf-8")


def code_lines() -> list[str]:
    blocks = re.findall(r"```(?:sh|ini|nginx)?\n(.*?)```", GUIDE, re.S)
    return [line.strip() for block in blocks for line in block.splitlines()]


def vplan_commands() -> set[str]:
    """The command names after `vplan` where it is the command run: at the start of a line,
    after `&&`, as a path (`/opt/vplan/venv/bin/vplan`), or in the container (`web vplan`)."""
    found = set()
    for line in code_lines():
        for match in re.finditer(r"(?:^|&&\s+|/bin/|web )vplan ([a-z][a-z_-]+)", line):
            found.add(match.group(1))
    return found


def test_the_guide_runs_commands():
    assert {"migrate", "createsuperuser", "worker", "export", "load", "apitoken"} <= (
        vplan_commands()
    )


def test_every_command_in_the_guide_exists():
    missing = vplan_commands() - set(get_commands())
    assert not missing, f"docs/production.md runs commands Vplan does not have: {missing}"


def test_every_variable_in_the_guide_is_read_by_vplan():
    read = set(re.findall(r"VPLAN_[A-Z_]+", (ROOT / "vplan" / "settings.py").read_text()))
    named = set(re.findall(r"VPLAN_[A-Z_]+", GUIDE)) - {"VPLAN_OIDC_"}
    named = {name.rstrip("_") for name in named}
    assert named - read == set()


def test_the_guide_links_to_documents_that_exist():
    for target in re.findall(r"\]\(([\w.-]+\.(?:md|example))(?:#[\w-]+)?\)", GUIDE):
        assert (ROOT / "docs" / target).exists(), target


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/organisation/people/", "/accounts/tokens/"])
def test_the_pages_the_guide_names_answer(admin_user, path):
    client = Client()
    client.force_login(admin_user)
    assert client.get(path, follow=True).status_code == 200
