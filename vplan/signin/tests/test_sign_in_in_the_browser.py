"""A person signs in through the provider in a real browser (Debian's Chromium): the sign-in page's
button, the provider's own page, and back on Vplan's start page, signed in with the roles their
groups give."""

import re

import pytest

from vplan.organisation.models import Membership, Role
from vplan.signin.claims import add_claim_mapping
from vplan.testing.factories import make_administration, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_in_with_the_provider_in_the_browser(browser, live_server, sso):
    from playwright.sync_api import expect

    administration = make_administration(short_code="UTB", name="Utbildningsförvaltningen")
    add_claim_mapping(
        claim_value="vplan-lasare",
        administration=administration,
        board=None,
        role=Role.READER,
        by=make_user(username="root"),
    )
    sso.set_user("sub-hanna", preferred_username="hanna", name="Hanna Ek", groups=["vplan-lasare"])
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_role("link", name="Logga in med Kommunens konto").click()
        expect(page).to_have_url(re.compile(re.escape(sso.url + "/oauth2/authorize")))
        page.fill("input[name=sub]", "sub-hanna")
        page.get_by_role("button", name="Authorize").click()

        expect(page).to_have_url(live_server.url + "/")
        expect(page.locator("header")).to_contain_text("Hanna")
    finally:
        context.close()
    membership = Membership.objects.current().get(user__username="hanna")
    assert (membership.administration, membership.role, membership.source) == (
        administration,
        Role.READER,
        "oidc",
    )
