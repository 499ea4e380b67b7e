"""The group mappings: read by controllers, changed by administrators, on the page, over the API
and on the command line, each change in the trail."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vplan.audit.models import ChangeRecord
from vplan.organisation.models import Role
from vplan.signin.claims import add_claim_mapping
from vplan.signin.models import ClaimRoleMapping
from vplan.testing.factories import make_administration, make_board, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    administration = make_administration(short_code="UTB", name="Utbildningsförvaltningen")
    board = make_board(administration=administration, code="BiN")
    people = {
        role: make_member(administration=administration, role=role, username=role)
        for role in (Role.ADMIN, Role.CONTROLLER, Role.EDITOR, Role.READER)
    }
    other = make_administration(short_code="SOC")
    people["outsider"] = make_member(administration=other, role=Role.ADMIN, username="outsider")
    return administration, board, people


def test_an_administrator_adds_and_removes_a_mapping_on_the_page(client, place):
    administration, board, people = place
    client.force_login(people[Role.ADMIN])
    url = f"/sso/mappings/{administration.pk}/"

    response = client.post(url, {"claim_value": "vplan-bin", "board": board.pk, "role": "editor"})

    assert response.status_code == 302
    mapping = ClaimRoleMapping.objects.get()
    assert (mapping.claim_value, mapping.board, mapping.role) == ("vplan-bin", board, "editor")
    page = client.get(url).content.decode()
    assert "vplan-bin" in page and "Gruppkopplingar för Utbildningsförvaltningen" in page

    assert client.post(f"/sso/mappings/remove/{mapping.pk}/").status_code == 302

    assert not ClaimRoleMapping.objects.exists()
    assert ClaimRoleMapping.all_objects.get().deleted_by == people[Role.ADMIN]
    actions = ChangeRecord.objects.filter(content_type__model="claimrolemapping")
    assert sorted(actions.values_list("action", flat=True)) == ["created", "deleted"]


def test_a_mapping_names_a_board_of_its_own_administration_and_is_not_doubled(client, place):
    administration, board, people = place
    foreign = make_board(administration=make_administration(short_code="KS"), code="KS")
    client.force_login(people[Role.ADMIN])
    url = f"/sso/mappings/{administration.pk}/"
    client.post(url, {"claim_value": "g", "role": "reader"})

    doubled = client.post(url, {"claim_value": "g", "role": "reader"})
    foreign_board = client.post(url, {"claim_value": "h", "board": foreign.pk, "role": "reader"})

    assert doubled.status_code == 400
    assert "ger redan den här rollen" in doubled.content.decode()
    assert foreign_board.status_code == 400
    assert ClaimRoleMapping.objects.count() == 1


@pytest.mark.parametrize(
    "who, read, change",
    [
        (Role.ADMIN, 200, 302),
        (Role.CONTROLLER, 200, 403),
        (Role.EDITOR, 403, 403),
        (Role.READER, 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_who_reads_and_who_changes_the_mappings(client, place, who, read, change):
    administration, _, people = place
    client.force_login(people[who])
    url = f"/sso/mappings/{administration.pk}/"
    assert client.get(url).status_code == read
    assert client.post(url, {"claim_value": "g", "role": "reader"}).status_code == change


def test_signed_out_the_mappings_page_asks_to_sign_in(client, place):
    administration, _, _ = place
    response = client.get(f"/sso/mappings/{administration.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_api_lists_adds_and_removes_mappings_with_the_page_rules(client, place):
    administration, board, people = place
    url = f"/api/administrations/{administration.pk}/sso-mappings"
    client.force_login(people[Role.CONTROLLER])
    refused = client.post(
        url, {"claim_value": "g", "role": "reader"}, content_type="application/json"
    )
    assert refused.status_code == 403
    client.force_login(people[Role.ADMIN])

    created = client.post(
        url,
        {"claim_value": "g", "board": board.pk, "role": "editor"},
        content_type="application/json",
    )
    bad_role = client.post(
        url, {"claim_value": "g", "role": "king"}, content_type="application/json"
    )

    assert created.status_code == 201, created.content
    assert created.json()["board"] == board.pk
    assert bad_role.status_code == 400
    assert [m["claim_value"] for m in client.get(url).json()["items"]] == ["g"]
    deleted = client.delete(f"/api/sso-mappings/{created.json()['id']}")
    assert deleted.status_code == 204
    assert client.get(url).json()["items"] == []
    client.force_login(people["outsider"])
    assert client.get(url).status_code == 404


def test_the_command_line_maps_lists_and_unmaps(place, capsys):
    administration, board, people = place
    call_command(
        "sso",
        "map",
        "vplan-bin",
        "--administration",
        "utb",
        "--board",
        "bin",
        "--role",
        "editor",
        "--user",
        "admin",
    )
    call_command("sso", "mappings", "--json")
    rows = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert rows == [
        {
            "id": rows[0]["id"],
            "group": "vplan-bin",
            "administration": "UTB",
            "board": "BiN",
            "role": "editor",
        }
    ]
    call_command("sso", "unmap", str(rows[0]["id"]), "--user", "admin")
    assert not ClaimRoleMapping.objects.exists()
    with pytest.raises(CommandError, match="VPLAN_OIDC_CLIENT_ID"):
        call_command("sso", "check")


def test_add_claim_mapping_refuses_a_board_of_another_administration(place):
    administration, _, people = place
    foreign = make_board(administration=make_administration(short_code="KS"), code="KS")
    with pytest.raises(Exception, match="annan förvaltning|another administration"):
        add_claim_mapping(
            claim_value="g",
            administration=administration,
            board=foreign,
            role="reader",
            by=people[Role.ADMIN],
        )


def test_the_navigation_links_the_mappings_while_single_sign_on_is_on(client, place, settings):
    _, _, people = place
    client.force_login(people[Role.CONTROLLER])
    settings.OIDC_RP_CLIENT_ID = ""
    assert "/sso/mappings/" not in client.get("/").content.decode()
    settings.OIDC_RP_CLIENT_ID = "vplan"
    assert "/sso/mappings/" in client.get("/").content.decode()
