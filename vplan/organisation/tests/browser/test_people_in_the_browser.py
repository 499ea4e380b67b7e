"""The demo administrator keeps people in Chromium: the list, a new person, a role ended, an
import previewed and confirmed; axe-core finds no WCAG 2.1 A or AA violation on any of the
pages, under the strict CSP (the harness checks it and that no other origin is asked)."""

from playwright.sync_api import expect

from vplan.testing.browser import axe_violations


def test_the_administrator_keeps_people_in_the_browser(open_session, demo, tmp_path):
    administration = demo["administration"]
    session = open_session()
    session.sign_in("admin")
    page = session.page
    found = {}

    def check(name):
        violations = axe_violations(page)
        if violations:
            found[name] = violations

    page.get_by_role("link", name="Personer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Personer i")
    check("list")
    page.get_by_role("link", name="Lägg till en person").click()
    page.get_by_label("Användarnamn").fill("webb.person")
    page.get_by_label("Namn", exact=True).fill("Webb Person")
    page.get_by_label("E-post", exact=True).fill("webb.person@example.se")
    page.get_by_label("Roll").select_option(label="redaktör")
    check("add")
    page.get_by_role("button", name="Lägg till personen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webb Person")
    check("person")
    page.get_by_label("Skäl (frivilligt)").first.fill("Test")
    page.get_by_role("button", name="Avsluta").first.click()
    expect(page.get_by_text("har avslutats")).to_be_visible()
    expect(page.get_by_role("cell", name="Test", exact=True)).to_be_visible()

    csv = tmp_path / "people.csv"
    csv.write_text(
        "användarnamn;namn;e-post;förvaltning;nämnd;roll\n"
        f"ett;Ett Namn;;{administration.short_code};;läsare\n"
        "två;Två Namn;;;;controller\n",
        encoding="utf-8",
    )
    page.goto(f"/organisation/administrations/{administration.pk}/people/import/")
    check("import")
    page.get_by_label("Fil").set_input_files(str(csv))
    page.get_by_role("button", name="Visa vad importen kommer att göra").click()
    expect(page.get_by_text("Importen lägger till 2 nya personer")).to_be_visible()
    check("preview")
    page.get_by_role("button", name="Importera", exact=True).click()
    expect(page.get_by_text("2 nya personer, 2 roller givna")).to_be_visible()
    page.get_by_label("Namn, användarnamn eller e-post").fill("Två")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_role("link", name="Två Namn")).to_be_visible()
    assert found == {}
