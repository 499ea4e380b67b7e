import pytest


@pytest.mark.parametrize(
    ("persona", "sees_import"),
    [("controller", True), ("admin_user", True), ("editor", False), ("reader", False)],
)
def test_only_those_who_manage_an_administration_are_offered_the_import_page(
    client, request, persona, sees_import
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get("/").content.decode()
    assert ('href="/import/"' in page) is sees_import


def test_signed_out_visitors_are_not_offered_the_import_page(client, db):
    assert 'href="/import/"' not in client.get("/").content.decode()
