"""Single sign-on through a real OpenID Connect provider: who the person becomes here, and the
roles their groups give them, at the first and every later sign-in."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.organisation.memberships import grant_membership
from vplan.organisation.models import Membership, Role
from vplan.signin.claims import add_claim_mapping
from vplan.signin.models import SignInIdentity
from vplan.signin.tests.conftest import sign_in_through
from vplan.testing.factories import make_administration, make_board

pytestmark = pytest.mark.django_db(transaction=False)

User = get_user_model()


@pytest.fixture
def administration():
    administration = make_administration(short_code="UTB")
    make_board(administration=administration, code="BiN", name="Bildningsnämnden")
    return administration


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    assert user_id, "nobody is signed in"
    return {"username": User.objects.get(pk=user_id).username}


def nobody_signed_in(client) -> bool:
    return "_auth_user_id" not in client.session


def current_roles(user):
    memberships = Membership.objects.current().filter(user=user).select_related("board")
    return sorted(
        (
            (m.administration.short_code, m.board.display_code if m.board else None, m.role)
            for m in memberships.select_related("administration")
        ),
        key=lambda row: tuple(value or "" for value in row),
    )


def test_first_sign_in_makes_the_person_with_the_roles_of_their_groups(client, sso, administration):
    admin = User.objects.create_superuser("root", "root@example.se", "a-long-passphrase")
    board = administration.boards.get()
    add_claim_mapping(
        claim_value="vplan-bin-redaktorer",
        administration=administration,
        board=board,
        role=Role.EDITOR,
        by=admin,
    )
    add_claim_mapping(
        claim_value="vplan-lasare",
        administration=administration,
        board=None,
        role=Role.READER,
        by=admin,
    )
    sso.set_user(
        "sub-anna",
        preferred_username="anna.berg",
        email="anna.berg@example.se",
        given_name="Anna",
        family_name="Berg",
        groups=["vplan-bin-redaktorer", "vplan-lasare", "other"],
    )

    response = sign_in_through(client, sso, "sub-anna", next_url="/")

    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client)["username"] == "anna.berg"
    anna = User.objects.get(username="anna.berg")
    assert (anna.first_name, anna.last_name, anna.email) == ("Anna", "Berg", "anna.berg@example.se")
    assert not anna.has_usable_password()
    assert current_roles(anna) == [("UTB", None, "reader"), ("UTB", "BiN", "editor")]
    assert set(Membership.objects.filter(user=anna).values_list("source", flat=True)) == {"oidc"}
    identity = SignInIdentity.objects.get(user=anna)
    assert identity.subject == "sub-anna" and identity.issuer == sso.url
    assert (
        ChangeRecord.objects.filter(
            content_type__model="membership", action=ChangeRecord.Action.CREATED
        ).count()
        == 2
    )


def test_a_group_removed_at_the_provider_ends_its_role_at_the_next_sign_in(
    client, sso, administration
):
    admin = User.objects.create_superuser("root", "root@example.se", "a-long-passphrase")
    add_claim_mapping(
        claim_value="editors", administration=administration, board=None, role=Role.EDITOR, by=admin
    )
    add_claim_mapping(
        claim_value="readers", administration=administration, board=None, role=Role.READER, by=admin
    )
    sso.set_user("sub-bo", preferred_username="bo", groups=["editors", "readers"])
    sign_in_through(client, sso, "sub-bo")
    bo = User.objects.get(username="bo")
    grant_membership(user=bo, administration=administration, role=Role.CONTROLLER, by=admin)
    client.logout()

    sso.set_user("sub-bo", preferred_username="bo", groups=["readers"])
    sign_in_through(client, sso, "sub-bo")

    assert current_roles(bo) == [("UTB", None, "controller"), ("UTB", None, "reader")]
    ended = Membership.objects.get(user=bo, role=Role.EDITOR)
    assert ended.ended_at is not None and ended.end_reason


def test_renamed_at_the_provider_is_still_the_same_person(client, sso, administration):
    sso.set_user("sub-c", preferred_username="cecilia", groups=[])
    sign_in_through(client, sso, "sub-c")
    client.logout()
    sso.set_user(
        "sub-c", preferred_username="cecilia.nilsson", email="c.nilsson@example.se", groups=[]
    )

    sign_in_through(client, sso, "sub-c")

    assert signed_in_user(client)["username"] == "cecilia"
    assert User.objects.filter(sign_in_identities__subject="sub-c").count() == 1
    assert User.objects.get(username="cecilia").email == "c.nilsson@example.se"


def test_an_account_made_on_the_people_pages_is_linked_by_user_name_but_never_a_superuser(
    client, sso, administration
):
    prepared = User.objects.create_user("dora")
    prepared.set_unusable_password()
    prepared.save()
    User.objects.create_superuser("boss", "boss@example.se", "a-long-passphrase")
    sso.set_user("sub-d", preferred_username="dora", groups=[])
    sso.set_user("sub-e", preferred_username="boss", groups=[])

    sign_in_through(client, sso, "sub-d")
    assert signed_in_user(client)["username"] == "dora"
    client.logout()
    sign_in_through(client, sso, "sub-e")

    assert signed_in_user(client)["username"] == "boss-sub-e"
    assert not User.objects.get(username="boss-sub-e").is_superuser


def test_a_deactivated_person_cannot_sign_in_through_the_provider(client, sso, administration):
    sso.set_user("sub-f", preferred_username="frida", groups=[])
    sign_in_through(client, sso, "sub-f")
    client.logout()
    User.objects.filter(username="frida").update(is_active=False)

    response = sign_in_through(client, sso, "sub-f")

    assert response.status_code == 403
    assert "Inloggningen misslyckades" in response.content.decode()
    assert nobody_signed_in(client)


def test_a_callback_with_a_state_vplan_did_not_send_is_refused(client, sso):
    start = client.get("/sso/authenticate/")
    assert start.status_code == 302
    response = client.get("/sso/callback/", {"code": "forged", "state": "not-ours"})
    assert response.status_code == 400
    assert nobody_signed_in(client)


def test_the_sign_in_page_offers_the_provider_and_keeps_the_password_form(client, sso):
    page = client.get(reverse("login")).content.decode()
    assert "Logga in med Kommunens konto" in page
    assert 'name="password"' in page


def test_without_configuration_there_is_no_single_sign_on(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    assert "Logga in med" not in client.get(reverse("login")).content.decode()
    assert client.get("/sso/authenticate/").status_code == 404
    assert client.get("/sso/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_a_password_sign_in_never_asks_the_provider(client, settings):
    settings.OIDC_RP_CLIENT_ID = "vplan"
    settings.VPLAN_OIDC_PROVIDER_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "vplan.signin.backends.VplanOIDCBackend",
    ]
    User.objects.create_user("gustav", password="ett-langt-losenord")
    assert client.login(username="gustav", password="ett-langt-losenord")
