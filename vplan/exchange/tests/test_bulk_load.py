"""`vplan load` writes in bulk: the same rows as the row-by-row loader it replaced, in a number of
queries that does not grow with the activities of the file."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.dataset import build_document
from vplan.exchange.document import read_document
from vplan.exchange.load import load_document
from vplan.exchange.tests.loaded_content import content_of_database
from vplan.plans.models import Activity

LOADED_BEFORE = Path(__file__).with_name("loaded_small_document.json")


@pytest.mark.django_db
def test_the_bench_document_loads_as_the_row_by_row_loader_loaded_it():
    """Counts of every kind of row, the order the activities were written in, and a sample of
    activities with their boards, places, reports and change records (loaded_content.py)."""
    loader = get_user_model().objects.create_user(username="loader")

    load_document(document=read_document(build_document("small", seed=17)), by=loader)

    assert content_of_database() == json.loads(LOADED_BEFORE.read_text(encoding="utf-8"))


def first_activities(document: dict, keep: int) -> dict:
    """The plans of the document's first two years with the first `keep` activities of each
    that are not parts, their parts and their reports; a link to an activity left out is
    dropped."""
    first_years = sorted({plan["year"] for plan in document["plans"]})[:2]
    document["plans"] = [plan for plan in document["plans"] if plan["year"] in first_years]
    kept = set()
    for plan in document["plans"]:
        wholes = [a for a in plan["activities"] if a["parent"] is None][:keep]
        kept |= {a["id"] for a in wholes}
        kept |= {a["id"] for a in plan["activities"] if a["parent"] in kept}
    for plan in document["plans"]:
        plan["activities"] = [a for a in plan["activities"] if a["id"] in kept]
        for activity in plan["activities"]:
            if activity["carried_over_from"] not in kept:
                activity.update(carried_over_from=None, carried_over_from_year=None)
        for round in plan["rounds"]:
            round["reports"] = [r for r in round["reports"] if r["activity"] in kept]
    return document


class Rollback(Exception):
    pass


def load_and_roll_back(document: dict) -> tuple[int, int]:
    """(queries of the load, activities loaded); the load is then rolled back."""
    ContentType.objects.clear_cache()  # each load asks for the content types once
    with pytest.raises(Rollback), transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            load_document(document=read_document(document), by=None)
        loaded = (len(queries), Activity.all_objects.count())
        raise Rollback
    return loaded


@pytest.mark.django_db
def test_the_queries_of_a_load_do_not_grow_with_its_activities():
    queries_few, activities_few = load_and_roll_back(
        first_activities(build_document("small", seed=17), keep=3)
    )
    queries_more, activities_more = load_and_roll_back(
        first_activities(build_document("small", seed=17), keep=12)
    )

    assert activities_few > 25
    assert activities_more > 3 * activities_few
    # The same, but for one UPDATE per plan that has parts (their links) and one per plan that
    # has deleted activities, however many: 8 plans.
    assert queries_few <= queries_more <= queries_few + 2 * 8
