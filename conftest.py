import pytest
from hypothesis import settings as hypothesis_settings

from vplan.organisation.models import Role
from vplan.testing import FAST_PASSWORD_HASHERS
from vplan.testing.factories import make_administration, make_board, make_member, make_plan

# The browser harness (Chromium, `open_session`) and the demo template database (`demo`).
pytest_plugins = ["vplan.testing.browser", "vplan.testing.demo_database"]

# Hypothesis keeps no example database (it would be a .hypothesis folder in the working tree,
# written by every xdist worker at once); a failure prints the example that reproduces it.
hypothesis_settings.register_profile("vplan", database=None)
hypothesis_settings.load_profile("vplan")


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests sign users in often; full-strength hashing only slows them down. Set for the whole
    session, so that module- and session-wide fixtures (the demo template database) hash the
    same way as the tests that sign in.

    Login throttling (django-axes) is off too: the test client's `login()` authenticates without
    a request, which axes refuses, and tests sign in with wrong passwords on purpose. The tests
    of throttling itself turn it on (vplan/front/tests/test_login_throttling.py)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS, AXES_ENABLED=False):
        yield


@pytest.fixture
def administration(db):
    return make_administration(name="Testförvaltningen", short_code="TF")


@pytest.fixture
def board(administration):
    return make_board(code="BiN", name="Bildningsnämnden", administration=administration)


@pytest.fixture
def other_board(administration):
    return make_board(code="BoU", name="Barn- och ungdomsnämnden", administration=administration)


@pytest.fixture
def plan(administration, board, other_board):
    return make_plan(administration=administration, year=2024, boards=[board, other_board])


@pytest.fixture
def admin_user(administration):
    return make_member(administration=administration, role=Role.ADMIN, username="admin")


@pytest.fixture
def controller(administration):
    return make_member(administration=administration, role=Role.CONTROLLER, username="controller")


@pytest.fixture
def editor(administration, board):
    return make_member(
        administration=administration, role=Role.EDITOR, board=board, username="editor"
    )


@pytest.fixture
def reader(administration):
    return make_member(administration=administration, role=Role.READER, username="reader")


@pytest.fixture
def outsider(db):
    from vplan.testing.factories import make_user

    return make_user(username="outsider")


@pytest.fixture(autouse=True)
def fresh_content_type_cache(request):
    """Transactional tests empty every table when they end, content types too, which come back
    with new ids: a cached content type would then point change records at a row that is gone."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in (
        request.fixturenames
    )
    if transactional or (marker is not None and marker.kwargs.get("transaction")):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
