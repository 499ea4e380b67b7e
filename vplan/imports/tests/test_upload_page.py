"""The import page: who may upload, the preview of an upload, and bad files; nothing is written
before the import is confirmed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from vplan.imports.models import DocumentImport, PendingImport
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_user

from .helpers import small_report

pytestmark = pytest.mark.django_db

URL = "/import/"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, administration, name="uppfoljning-2031.txt", content=None, **headers):
    data = content if content is not None else small_report().encode()
    file = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(URL, {"administration": administration.pk, "file": file}, **headers)


@pytest.mark.parametrize("persona", ["controller", "admin_user"])
def test_managers_get_the_upload_form(request, persona, administration):
    response = _client(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert 'type="file"' in page
    assert administration.name in page
    assert 'aria-live="polite"' in page
    assert "htmx-indicator" in page


def test_a_superuser_may_import_into_any_administration(administration):
    response = _client(make_user(username="root", is_superuser=True)).get(URL)
    assert response.status_code == 200
    assert administration.name in response.content.decode()


@pytest.mark.parametrize("persona", ["editor", "reader", "outsider"])
def test_others_may_not_see_or_use_the_page(request, persona, administration):
    client = _client(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert _upload(client, administration).status_code == 403
    assert not PendingImport.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, administration):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert _upload(client, administration).status_code == 302
    assert not PendingImport.objects.exists()


def test_a_controller_may_not_import_into_another_administration(controller):
    from vplan.testing.factories import make_administration

    other = make_administration(name="Annan förvaltning", short_code="AF")
    response = _upload(_client(controller), other)
    assert response.status_code == 422
    assert "administration" in response.context["form"].errors
    assert not PendingImport.objects.exists()


def test_an_upload_shows_its_preview_and_writes_nothing_of_the_plan(controller, administration):
    client = _client(controller)
    response = _upload(client, administration)
    pending = PendingImport.objects.get()
    assert response.status_code == 302
    assert response.url == f"/import/{pending.pk}/"
    assert (pending.uploaded_by, pending.administration) == (controller, administration)
    page = client.get(response.url).content.decode()
    assert page.count("<h1") == 1
    assert "uppfoljning-2031.txt" in page
    assert "Uppföljning av Provförvaltningens verksamhetsplan 2031" in page
    assert "31 augusti" in page
    assert "En ny plan skapas" in page  # the plan of 2031 does not exist yet
    assert "Inte en nämnd i Vplan" in page  # XYZ is flagged
    assert "Koden XYZ i rapporten är" in page  # and a choice to make
    assert "BoU" in page
    for message in (  # every warning, in the page's language
        "”Okänd nämnd gör något”: okänd nämndkod ”XYZ”",
        "”Aktivitet utan status” saknar status",
        "nämnden BIN skrivs som BIN, BiN",
    ):
        assert message in page
    assert "Gemensam aktivitet" in page and "Går framåt" in page
    assert not Plan.objects.filter(year=2031).exists()
    assert not Activity.objects.exists()
    assert not DocumentImport.objects.exists()


def test_the_preview_counts_activities_per_perspective_and_status(controller, administration):
    client = _client(controller)
    preview = client.get(_upload(client, administration).url).context["preview"]
    counts = {row.perspective: row.counts for row in preview.perspectives}
    keys = [key for key, _label in preview.columns]
    assert dict(zip(keys, counts["Medborgare"], strict=True)) == {
        "done": 1,
        "ongoing": 2,
        "not_started": 0,
        "stopped": 0,
        "unknown": 0,
        "missing": 0,
    }
    assert dict(zip(keys, counts["Ekonomi"], strict=True))["missing"] == 1
    assert preview.totals == [1, 2, 1, 0, 0, 1]
    assert (preview.total, preview.distinct_activities) == (5, 4)
    assert len(preview.warning_rows) == len(preview.parsed.warnings) == 3
    assert preview.can_import


def test_a_bad_file_is_refused_on_the_page_with_its_name_and_nothing_is_kept(
    controller, administration
):
    response = _upload(_client(controller), administration, name="tom.txt", content=b"  \n")
    assert response.status_code == 422
    page = response.content.decode()
    assert "tom.txt: filen är tom" in page
    assert not PendingImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("budget.xlsx", b"PK\x03\x04 not really", "kan inte importeras"),
        ("rapport.pdf", b"%PDF-1.4 cut off", "avkortad PDF"),
        ("bild.txt", bytes(range(256)) * 4, "binär fil"),
        ("prosa.md", "Uppföljning 2031\n\nBara text.\n".encode(), "ingen aktivitetstabell"),
    ],
)
def test_each_kind_of_bad_file_says_what_is_wrong(
    controller, administration, name, content, problem
):
    response = _upload(_client(controller), administration, name=name, content=content)
    assert response.status_code == 422
    errors = response.context["form"].errors["file"]
    assert errors[0].startswith(f"{name}: ")
    assert problem in errors[0]
    assert not PendingImport.objects.exists()


def test_an_object_plan_is_sent_to_its_own_page(controller, administration):
    from .helpers import seed_path

    content = seed_path("004_d5336372581ad1f2.txt").read_bytes()
    response = _upload(_client(controller), administration, name="objektplan.txt", content=content)
    assert response.status_code == 422
    assert "IT-objektplan" in response.context["form"].errors["file"][0]


def test_with_htmx_an_upload_redirects_the_browser_and_an_error_swaps_the_form(
    controller, administration
):
    client = _client(controller)
    response = _upload(client, administration, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/import/{PendingImport.objects.get().pk}/"
    response = _upload(client, administration, content=b"", HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<form id="upload-form"')
    assert "<h1" not in fragment
    assert "uppfoljning-2031.txt: filen är tom" in fragment


def test_a_post_without_a_file_asks_for_one(controller, administration):
    response = _client(controller).post(URL, {"administration": administration.pk})
    assert response.status_code == 422
    assert response.context["form"].errors["file"]
    assert not PendingImport.objects.exists()


def test_the_preview_reads_as_many_rows_for_a_large_report_as_for_a_small_one(
    controller, administration
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .helpers import seed_path

    client = _client(controller)
    small = _upload(client, administration).url
    large_seed = seed_path("000_3199acc774c53485.part1.txt")
    large = _upload(client, administration, name="large.txt", content=large_seed.read_bytes()).url
    counts = []
    for url in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
