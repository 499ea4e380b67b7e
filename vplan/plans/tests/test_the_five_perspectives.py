"""The five perspectives are named once in the code (plans/perspectives.py), which the importer
reads; the migration that seeded them keeps its own copy, as a migration must."""

import importlib

from vplan.plans.perspectives import PERSPECTIVES


def test_the_code_names_the_perspectives_the_migration_seeded():
    seeding = importlib.import_module("vplan.plans.migrations.0002_the_five_perspectives")
    assert tuple(seeding.PERSPECTIVES) == PERSPECTIVES
