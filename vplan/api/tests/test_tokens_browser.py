"""The API tokens page in the browser: reached from the user menu, a token made and shown once,
revoked after confirming; axe finds no WCAG A/AA violation on any step."""

import re

from playwright.sync_api import expect

from vplan.api.models import ApiToken
from vplan.testing.browser import axe_violations


def test_make_and_revoke_a_token_from_the_user_menu(open_session, demo):
    session = open_session()
    session.sign_in("editor")
    page = session.page

    page.get_by_role("link", name="API-nycklar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nycklar")
    assert axe_violations(page) == []

    page.get_by_label("Namn").fill("Rapportskript")
    page.get_by_label("bara läsa").check()
    page.get_by_label("Giltig i").select_option("30")
    page.get_by_role("button", name="Skapa nyckeln").click()
    shown = page.get_by_label("Nyckel", exact=True)
    expect(shown).to_have_value(re.compile(r"^vplan_\S{40,}$"))
    assert shown.input_value().startswith(ApiToken.objects.get(name="Rapportskript").hint)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Återkalla Rapportskript").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Återkalla nyckeln")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Återkalla nyckeln").click()

    expect(page.get_by_role("status").first).to_contain_text("Nyckeln Rapportskript är återkallad")
    expect(page.locator("tbody")).to_contain_text("återkallad")
    assert axe_violations(page) == []
    token = ApiToken.objects.get(name="Rapportskript")
    assert token.revoked_by == demo["users"]["editor"]
    assert token.scope == "read"
