import pytest

from vplan.objectplans.tests.factories import SEED_004, TRUTH_004, make_it_object, make_object_plan


@pytest.fixture
def seed_004():
    """The path of seed 004; the test fails where the shared seeds are not present."""
    if not SEED_004.is_file() or not TRUTH_004.is_file():
        pytest.fail(f"the shared seeds are not at {SEED_004.parent.parent} (../shared)")
    return SEED_004


@pytest.fixture
def it_object(administration):
    return make_it_object(administration=administration, short_name="UKFA", name="Utbildning")


@pytest.fixture
def object_plan(it_object):
    return make_object_plan(it_object=it_object, year=2024)


@pytest.fixture(autouse=True)
def english_messages():
    """Error messages are matched in English (the msgids); pages and reports choose their own."""
    from django.utils import translation

    with translation.override("en"):
        yield
