"""The boards page: controllers and administrators of an administration keep its boards in Vplan
(name, code, order; retire and reactivate, never delete); everyone else is refused."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from vplan.audit.models import ChangeRecord
from vplan.organisation.models import Board, Role
from vplan.testing.factories import make_administration, make_board, make_member

pytestmark = [pytest.mark.django_db]


def _client(request, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", ["controller", "admin_user"])
def test_managers_see_the_boards_in_swedish_with_one_heading(
    request, persona, administration, board, other_board
):
    response = _client(request, persona).get(
        f"/organisation/administrations/{administration.pk}/boards/"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Nämnder i Testförvaltningen" in page
    assert "Bildningsnämnden" in page and "Barn- och ungdomsnämnden" in page
    assert "Lägg till nämnden" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)|\sstyle=|\son[a-z]+=", page)  # strict CSP


@pytest.mark.parametrize(
    ("persona", "status"), [("editor", 403), ("reader", 403), ("outsider", 404)]
)
def test_others_may_not_see_or_change_the_boards(request, persona, status, administration, board):
    client = _client(request, persona)
    assert (
        client.get(f"/organisation/administrations/{administration.pk}/boards/").status_code
        == status
    )
    assert client.get(f"/organisation/boards/{board.pk}/").status_code == status
    response = client.post(f"/organisation/boards/{board.pk}/retire/", {})
    assert response.status_code == status
    board.refresh_from_db()
    assert board.is_active


def test_anonymous_visitors_are_sent_to_sign_in(client, administration, board):
    response = client.get(f"/organisation/administrations/{administration.pk}/boards/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_controller_may_not_manage_another_administrations_boards(controller):
    other = make_administration()
    foreign = make_board(code="FRN", name="Främmande nämnden", administration=other)
    client = Client()
    client.force_login(controller)
    assert client.get(f"/organisation/administrations/{other.pk}/boards/").status_code == 404
    assert client.post(f"/organisation/boards/{foreign.pk}/", {"name": "x"}).status_code == 404


def test_the_index_goes_to_the_only_administration_and_is_refused_to_others(
    request, controller, reader, administration
):
    response = _client(request, "controller").get("/organisation/boards/")
    assert response.status_code == 302
    assert response.url == f"/organisation/administrations/{administration.pk}/boards/"
    assert _client(request, "reader").get("/organisation/boards/").status_code == 403


def test_a_controller_adds_a_board_with_its_name(controller, administration):
    client = Client()
    client.force_login(controller)
    url = f"/organisation/administrations/{administration.pk}/boards/"
    response = client.post(
        url, {"display_code": "KoF", "name": "Kultur- och fritidsnämnden", "order": ""}, follow=True
    )
    assert "Nämnden Kultur- och fritidsnämnden är tillagd." in response.content.decode()
    board = Board.objects.get(code="KOF")
    assert (board.name, board.administration) == ("Kultur- och fritidsnämnden", administration)
    assert ChangeRecord.objects.filter(object_id=str(board.pk), changed_by=controller).exists()


def test_a_code_in_use_is_refused_on_the_form(controller, administration, board):
    client = Client()
    client.force_login(controller)
    response = client.post(
        f"/organisation/administrations/{administration.pk}/boards/",
        {"display_code": "BIN", "name": "Dubbletten"},
    )
    assert response.status_code == 422
    assert "finns redan" in response.content.decode()
    assert Board.objects.count() == 1


def test_a_controller_renames_a_board_and_sees_the_change_recorded(controller, board):
    client = Client()
    client.force_login(controller)
    response = client.post(
        f"/organisation/boards/{board.pk}/",
        {"display_code": "BiN", "name": "Utbildningsnämnden", "order": "3"},
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.name, board.order) == ("Utbildningsnämnden", 3)
    page = client.get(f"/organisation/boards/{board.pk}/").content.decode()
    assert page.count("<h1") == 1
    assert "namn: Bildningsnämnden → Utbildningsnämnden" in page


def test_a_merged_board_is_retired_not_deleted_and_can_come_back(
    controller, administration, board, other_board
):
    client = Client()
    client.force_login(controller)
    response = client.post(
        f"/organisation/boards/{board.pk}/retire/", {"replaced_by": other_board.pk}, follow=True
    )
    assert "Nämnden Bildningsnämnden är inaktiv." in response.content.decode()
    assert "inaktiv, ersatt av BoU" in response.content.decode()
    board.refresh_from_db()
    assert (board.is_active, board.replaced_by) == (False, other_board)
    assert Board.objects.filter(pk=board.pk).exists()
    client.post(f"/organisation/boards/{board.pk}/reactivate/")
    board.refresh_from_db()
    assert (board.is_active, board.replaced_by) == (True, None)


def test_a_board_cannot_be_replaced_by_a_board_of_another_administration(controller, board):
    foreign = make_board(code="FRN", administration=make_administration())
    client = Client()
    client.force_login(controller)
    response = client.post(f"/organisation/boards/{board.pk}/retire/", {"replaced_by": foreign.pk})
    assert response.status_code == 422
    board.refresh_from_db()
    assert board.is_active


def test_the_import_preview_links_to_the_boards_page(controller, administration):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vplan.imports.models import PendingImport
    from vplan.imports.tests.helpers import small_report

    client = Client()
    client.force_login(controller)
    file = SimpleUploadedFile("rapport.txt", small_report().encode(), content_type="text/plain")
    client.post("/import/", {"administration": administration.pk, "file": file})
    page = client.get(f"/import/{PendingImport.objects.get().pk}/").content.decode()
    assert f'href="/organisation/administrations/{administration.pk}/boards/"' in page
    assert 'href="/organisation/boards/"' in client.get("/import/").content.decode()


def test_a_superuser_manages_any_administrations_boards(administration, board):
    superuser = make_member(administration=make_administration(), role=Role.READER, username="root")
    superuser.is_superuser = True
    superuser.save()
    client = Client()
    client.force_login(superuser)
    assert (
        client.get(f"/organisation/administrations/{administration.pk}/boards/").status_code == 200
    )
