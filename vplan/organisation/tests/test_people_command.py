"""`vplan people import FILE --administration UTB [--dry-run] [--by USER]` and `vplan people
list`: per-row errors printed, exit code 1 and nothing written on errors."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from vplan.organisation.models import Membership, MembershipSource
from vplan.testing.factories import make_administration

pytestmark = pytest.mark.django_db


def _write(tmp_path, lines, name="people.csv"):
    path = tmp_path / name
    path.write_text("\n".join(["användarnamn;namn;e-post;förvaltning;nämnd;roll", *lines]) + "\n")
    return str(path)


def _run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_dry_run_then_for_real(tmp_path, administration, board, admin_user):
    path = _write(
        tmp_path, [f"cli{n};Cli Person{n};cli{n}@example.se;;BiN;redaktör" for n in range(120)]
    )
    out, _err = _run("import", path, "--administration", "tf", "--dry-run")
    assert "would add 120 new people and grant 120 roles" in out
    assert not get_user_model().objects.filter(username__startswith="cli").exists()
    out, _err = _run("import", path, "--administration", "TF", "--by", "admin")
    assert "120 new people, 120 roles granted" in out
    memberships = Membership.objects.filter(user__username__startswith="cli")
    assert memberships.count() == 120
    assert set(memberships.values_list("granted_by__username", "source").distinct()) == {
        ("admin", MembershipSource.IMPORT)
    }
    listed, err = _run("list", "--administration", "TF", "--board", "BIN", "--role", "editor")
    assert "cli7\tCli Person7\tcli7@example.se\teditor (BiN)" in listed
    assert "120 people." in err
    as_json = json.loads(_run("list", "--administration", "TF", "--json")[0])
    assert len(as_json) == 121  # and the administrator
    assert {"role": "admin", "board": None} in next(
        p["roles"] for p in as_json if p["username"] == "admin"
    )


def test_errors_are_printed_per_row_with_exit_code_one(tmp_path, administration, board, capsys):
    path = _write(
        tmp_path,
        ["ok;Ok Ok;;;BiN;läsare", "bad;Bad Bad;bad-mail;;NOPE;chef"],
    )
    with pytest.raises(SystemExit) as exit_:
        call_command("people", "import", path, "--administration", "TF")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "row 3, column nämnd" in err
    assert "row 3, column roll" in err
    assert "row 3, column e-post" in err
    assert "3 errors; nothing was imported" in err
    assert not get_user_model().objects.filter(username__in=["ok", "bad"]).exists()


def test_by_a_user_only_their_administrations(tmp_path, administration, board, controller):
    make_administration(short_code="SOC")
    path = _write(tmp_path, ["x;X X;;SOC;;läsare", "y;Y Y;;TF;;läsare"])
    with pytest.raises(SystemExit):
        call_command("people", "import", path, "--by", "controller")
    assert not get_user_model().objects.filter(username__in=["x", "y"]).exists()


def test_unknown_administration_user_or_file(tmp_path, administration):
    path = _write(tmp_path, ["x;X X;;;;läsare"])
    with pytest.raises(CommandError, match="No administration"):
        _run("import", path, "--administration", "NOPE")
    with pytest.raises(CommandError, match="No user"):
        _run("import", path, "--administration", "TF", "--by", "nobody")
    with pytest.raises(CommandError, match="No file"):
        _run("import", str(tmp_path / "missing.csv"), "--administration", "TF")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(CommandError, match="empty.csv"):
        _run("import", str(tmp_path / "empty.csv"), "--administration", "TF")
