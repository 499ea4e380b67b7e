import pytest

from .helpers import seed_path


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas are created with passwords; a slow hash only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english_messages():
    """Messages outside a request are matched in English (the msgids); the pages and the API
    speak Swedish unless asked otherwise, whatever is active here."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def object_plan_seed():
    """The IT object plan among the shared seeds (the test fails where they are absent)."""
    return seed_path("004_d5336372581ad1f2.txt")
