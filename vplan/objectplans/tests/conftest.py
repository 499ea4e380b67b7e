import pytest

from vplan.imports.tests.conftest import object_plan_seed  # noqa: F401 (the shared object plan)
from vplan.objectplans.tests.factories import make_it_object, make_object_plan


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
