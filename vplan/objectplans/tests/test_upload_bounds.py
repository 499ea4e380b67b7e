"""An object plan upload (page and API), `vplan import-objectplan` and `vplan load` bound what
they read: JSON nested deeper than any exchange file is refused before it is parsed (it used to
exhaust the parser's recursion: a 500), JSON that does not parse and bytes that are not what the
name says are refused with the file named, and nothing is written."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from vplan.imports.tests.upload_files import nested_json, pdf_with_stream
from vplan.objectplans.models import ITObject, ObjectPlan
from vplan.plans.models import Plan

pytestmark = pytest.mark.django_db

CASES = {
    "deep JSON": ("plan.json", nested_json(100_000), "plan.json: är nästlad djupare än 64 nivåer"),
    "not JSON": ("plan.json", b'{"format": ', "plan.json: är inte giltig JSON (rad 1"),
    "a PDF as text": (
        "plan.txt",
        pdf_with_stream(zlib.compress(b"BT ET")),
        "plan.txt: detta är en PDF- eller Word-fil",
    ),
    "too many lines": (
        "plan.txt",
        b"objektplan" + b"\n" * 200_001,
        "plan.txt: har 200\u00a0002 rader",
    ),
}


@pytest.fixture
def signed_in(controller) -> Client:
    client = Client()
    client.force_login(controller)
    return client


def _nothing_written() -> bool:
    return not (ITObject.all_objects.exists() or ObjectPlan.objects.exists())


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_object_plan_upload_is_refused_by_the_api(signed_in, administration, case):
    name, content, problem = CASES[case]
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")

    response = signed_in.post("/api/objectplans/import", {"file": upload})

    assert response.status_code == 400
    (message,) = response.json()["errors"]["file"]
    assert message.startswith(problem)
    assert _nothing_written()


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_object_plan_upload_is_refused_on_the_page(signed_in, administration, case):
    name, content, problem = CASES[case]
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")

    response = signed_in.post("/objectplans/import/", {"file": upload})

    assert response.status_code == 422
    (message,) = response.context["import_form"].errors["file"]
    assert message.startswith(problem)
    assert _nothing_written()


def test_vplan_import_objectplan_refuses_deep_json(tmp_path: Path):
    path = tmp_path / "plan.json"
    path.write_bytes(nested_json(100_000))

    with pytest.raises(CommandError) as failed:
        call_command("import-objectplan", str(path), stdout=io.StringIO())

    assert str(failed.value) == "plan.json: is nested deeper than 64 levels (at byte 64)"
    assert _nothing_written()


def test_vplan_load_refuses_deep_json_before_parsing_it(tmp_path: Path):
    path = tmp_path / "backup.json"
    path.write_bytes(b'{"format": "vplan-exchange", "plans": ' + nested_json(100_000) + b"}")

    with pytest.raises(CommandError) as failed:
        call_command("load", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert "is nested deeper than 32 levels (at byte 69), which no exchange file is" in str(
        failed.value
    )
    assert "nothing was loaded" in str(failed.value)
    assert not Plan.objects.exists()
