"""No fixed default secret key: without VPLAN_SECRET_KEY Vplan refuses to start, unless a key file
is named, the tests run, or development (VPLAN_DEBUG=true, `make demo`) keeps a key of its own."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from vplan.settings import LOCAL_KEY_FILE, secret_key

VPLAN = str(Path(sys.executable).with_name("vplan"))
CHECKOUT = Path("/nonexistent-checkout")


def run_vplan(args, cwd, **env):
    """A vplan command with only these variables: no pytest marker, so no tests' key."""
    return subprocess.run(
        [VPLAN, *args],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_without_a_key_vplan_refuses_to_start_with_a_clear_message(tmp_path):
    result = run_vplan(["check"], tmp_path)
    assert result.returncode != 0
    assert "ImproperlyConfigured: VPLAN_SECRET_KEY is not set" in result.stderr
    assert "VPLAN_SECRET_KEY_FILE" in result.stderr
    assert not (tmp_path / LOCAL_KEY_FILE).exists()


def test_with_debug_on_a_development_key_is_made_once_and_kept(tmp_path):
    assert run_vplan(["check"], tmp_path, VPLAN_DEBUG="true").returncode == 0
    key_file = tmp_path / LOCAL_KEY_FILE
    first = key_file.read_text()
    assert len(first.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # and afterwards vplan commands in that folder find it, debug or not
    assert run_vplan(["check"], tmp_path).returncode == 0
    assert key_file.read_text() == first


@pytest.fixture
def no_key_in_environment(monkeypatch):
    for name in ("VPLAN_SECRET_KEY", "VPLAN_SECRET_KEY_FILE", "PYTEST_VERSION"):
        monkeypatch.delenv(name, raising=False)


def test_the_environments_key_comes_first(monkeypatch, no_key_in_environment, tmp_path):
    monkeypatch.setenv("VPLAN_SECRET_KEY", "k" * 60)
    monkeypatch.setenv("VPLAN_SECRET_KEY_FILE", str(tmp_path / "unused"))
    assert secret_key(debug=False, folder=tmp_path, checkout=CHECKOUT) == "k" * 60
    assert not (tmp_path / "unused").exists()


def test_a_key_file_is_read_or_made_with_a_random_key(monkeypatch, no_key_in_environment, tmp_path):
    key_file = tmp_path / "etc" / "secret-key"
    monkeypatch.setenv("VPLAN_SECRET_KEY_FILE", str(key_file))
    made = secret_key(debug=False, folder=tmp_path, checkout=CHECKOUT)
    assert key_file.read_text().strip() == made
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert secret_key(debug=False, folder=tmp_path, checkout=CHECKOUT) == made
    other = tmp_path / "other-key"
    monkeypatch.setenv("VPLAN_SECRET_KEY_FILE", str(other))
    assert secret_key(debug=False, folder=tmp_path, checkout=CHECKOUT) != made


def test_a_key_file_with_a_short_key_is_refused(monkeypatch, no_key_in_environment, tmp_path):
    (tmp_path / "short").write_text("hemligt\n")
    monkeypatch.setenv("VPLAN_SECRET_KEY_FILE", str(tmp_path / "short"))
    with pytest.raises(ImproperlyConfigured, match="under 50 characters"):
        secret_key(debug=False, folder=tmp_path, checkout=CHECKOUT)


def test_no_key_and_no_debug_is_refused(no_key_in_environment, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="VPLAN_SECRET_KEY is not set"):
        secret_key(debug=False, folder=tmp_path, checkout=CHECKOUT)


def test_two_development_checkouts_get_different_keys(no_key_in_environment, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = secret_key(debug=True, folder=tmp_path / "a", checkout=CHECKOUT)
    assert first != secret_key(debug=True, folder=tmp_path / "b", checkout=CHECKOUT)
    assert secret_key(debug=False, folder=tmp_path / "a", checkout=CHECKOUT) == first


def test_inside_a_checkout_the_key_in_its_root_is_found(no_key_in_environment, tmp_path):
    checkout = tmp_path / "vplan-checkout"
    app_folder = checkout / "vplan" / "organisation"
    app_folder.mkdir(parents=True)
    made = secret_key(debug=True, folder=checkout, checkout=checkout)  # make demo, in the root
    assert secret_key(debug=False, folder=app_folder, checkout=checkout) == made
    assert not (app_folder / LOCAL_KEY_FILE).exists()


def test_outside_the_checkout_its_key_is_not_used(no_key_in_environment, tmp_path):
    checkout = tmp_path / "vplan-checkout"
    checkout.mkdir()
    secret_key(debug=True, folder=checkout, checkout=checkout)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.raises(ImproperlyConfigured, match="VPLAN_SECRET_KEY is not set"):
        secret_key(debug=False, folder=elsewhere, checkout=checkout)
