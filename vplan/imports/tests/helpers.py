"""Where the shared seed documents and their ground truth are, for tests that read them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vplan.imports.scoring import default_shared_dir


def shared_dir() -> Path:
    """The shared folder beside the repository; skips the test when it is absent."""
    shared = default_shared_dir()
    if not (shared / "seeds").is_dir() or not (shared / "groundtruth").is_dir():
        pytest.skip(f"shared seeds not found at {shared}")
    return shared


def load_truth(name: str) -> dict:
    return json.loads((shared_dir() / "groundtruth" / name).read_text(encoding="utf-8"))
