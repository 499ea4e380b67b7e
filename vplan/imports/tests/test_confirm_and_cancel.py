"""Confirming an upload imports what the preview showed, all or nothing; cancelling drops it;
only the uploader, while still a manager of the administration, may do either."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.imports.models import DocumentImport, PendingImport
from vplan.organisation.models import Membership
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_plan

from .helpers import NEW_BOARDS, small_report

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pending(client, administration, content: bytes | None = None) -> PendingImport:
    data = content if content is not None else small_report().encode()
    file = SimpleUploadedFile("uppfoljning-2031.txt", data, content_type="text/plain")
    response = client.post("/import/", {"administration": administration.pk, "file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return PendingImport.objects.latest("created_at")


def test_confirm_imports_into_the_chosen_administration(controller, administration):
    client = _client(controller)
    pending = _pending(client, administration)
    response = client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS)
    record = DocumentImport.objects.get()
    plan = record.plan
    assert response.status_code == 302
    assert response.url == reverse("plans:plan", args=[plan.pk])
    assert (plan.administration, plan.year) == (administration, 2031)
    assert record.imported_by == controller
    assert Activity.objects.filter(plan=plan).count() == 4
    # The row without a status reports nothing.
    assert StatusReport.objects.filter(round__plan=plan, author=controller).count() == 3
    assert FollowUpRound.objects.get(plan=plan).as_of.isoformat() == "2031-08-31"
    assert not PendingImport.objects.exists()
    page = client.get(response.url).content.decode()
    assert "är importerad till" in page


def test_confirm_with_htmx_sends_the_browser_to_the_plan(controller, administration):
    client = _client(controller)
    pending = _pending(client, administration)
    response = client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse(
        "plans:plan", args=[DocumentImport.objects.get().plan_id]
    )


def test_an_existing_plan_of_the_year_is_completed_not_duplicated(controller, administration):
    existing = make_plan(administration=administration, year=2031)
    client = _client(controller)
    pending = _pending(client, administration)
    page = client.get(f"/import/{pending.pk}/").content.decode()
    assert "Läggs till i den befintliga planen" in page
    client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS)
    assert list(Plan.objects.filter(year=2031)) == [existing]
    assert Activity.objects.filter(plan=existing).count() == 4


def test_the_same_document_twice_says_it_is_already_imported(controller, administration):
    client = _client(controller)
    client.post(f"/import/{_pending(client, administration).pk}/confirm/", NEW_BOARDS)
    counts = (Activity.objects.count(), StatusReport.objects.count())
    again = _pending(client, administration)
    page = client.get(f"/import/{again.pk}/").content.decode()
    assert "Rapporten finns redan i Vplan" in page
    assert f'action="/import/{again.pk}/confirm/"' not in page
    assert "Släng uppladdningen" in page
    response = client.post(f"/import/{again.pk}/confirm/", follow=True)
    assert "importerades redan" in response.content.decode()
    assert (Activity.objects.count(), StatusReport.objects.count()) == counts
    assert DocumentImport.objects.count() == 1


def test_a_report_without_a_year_cannot_be_imported_and_nothing_is_written(
    controller, administration
):
    text = small_report().replace(" 2031", "").replace("Kvarstår från 2030", "")
    client = _client(controller)
    pending = _pending(client, administration, text.encode())
    page = client.get(f"/import/{pending.pk}/").content.decode()
    assert "rapporten säger inte vilket års plan den gäller" in page
    assert f'action="/import/{pending.pk}/confirm/"' not in page
    response = client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS, follow=True)
    assert "kunde inte importeras, inget skrevs" in response.content.decode()
    assert not Activity.objects.exists()
    assert not DocumentImport.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_cancel_drops_the_upload_and_writes_nothing(controller, administration):
    client = _client(controller)
    pending = _pending(client, administration)
    response = client.post(f"/import/{pending.pk}/cancel/", follow=True)
    assert response.redirect_chain[-1][0] == "/import/"
    assert "uppfoljning-2031.txt importerades inte." in response.content.decode()
    assert not PendingImport.objects.exists()
    assert not Plan.objects.filter(year=2031).exists()
    assert client.get(f"/import/{pending.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 404), ("editor", 404), ("reader", 404), ("outsider", 404)],
)
def test_only_the_uploader_sees_or_decides_an_upload(
    request, persona, status, controller, administration
):
    pending = _pending(_client(controller), administration)
    other = _client(request.getfixturevalue(persona))
    assert other.get(f"/import/{pending.pk}/").status_code == status
    assert other.post(f"/import/{pending.pk}/confirm/").status_code == status
    assert other.post(f"/import/{pending.pk}/cancel/").status_code == status
    assert PendingImport.objects.filter(pk=pending.pk).exists()
    assert not DocumentImport.objects.exists()


def test_anonymous_visitors_cannot_see_or_decide_an_upload(client, controller, administration):
    pending = _pending(_client(controller), administration)
    for response in (
        client.get(f"/import/{pending.pk}/"),
        client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS),
        client.post(f"/import/{pending.pk}/cancel/"),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_an_uploader_no_longer_a_controller_may_not_confirm(controller, administration):
    client = _client(controller)
    pending = _pending(client, administration)
    Membership.objects.filter(user=controller).update(role="reader")
    assert client.get(f"/import/{pending.pk}/").status_code == 403
    assert client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS).status_code == 403
    assert not DocumentImport.objects.exists()


def test_confirm_and_cancel_take_only_post(controller, administration):
    client = _client(controller)
    pending = _pending(client, administration)
    assert client.get(f"/import/{pending.pk}/confirm/").status_code == 405
    assert client.get(f"/import/{pending.pk}/cancel/").status_code == 405


def test_uploads_older_than_a_day_are_cleared_by_the_next_upload(controller, administration):
    import datetime

    from django.utils import timezone

    client = _client(controller)
    old = _pending(client, administration)
    PendingImport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    kept = _pending(client, administration)
    new = _pending(client, administration)
    assert set(PendingImport.objects.all()) == {kept, new}
