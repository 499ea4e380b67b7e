import pytest
from django.core.exceptions import ValidationError

from vplan.audit.trail import history_of
from vplan.objectplans.it_objects import (
    add_object_role,
    create_it_object,
    create_object_plan,
    remove_object_role,
)
from vplan.objectplans.models import ObjectRole


def test_an_object_with_owners_and_a_plan(administration, controller, reader):
    it_object = create_it_object(
        administration=administration, short_name="UKFA", name="Utbildning", by=controller
    )
    owner = add_object_role(
        it_object=it_object,
        kind="owner",
        name="Anna Ägare",
        title="Förvaltningschef",
        user=reader,
        by=controller,
    )
    add_object_role(it_object=it_object, kind="leader", name="Leo Ledare", by=controller)
    plan = create_object_plan(it_object=it_object, year=2025, by=controller)
    assert [v.number for v in sorted(plan.versions.all(), key=lambda v: v.number_key)] == [
        "0.1",
        "0.8",
        "0.9",
        "1.0",
        "2.0",
    ]
    assert plan.current_version().number == "0.1"
    assert plan.display_title == "Strategic object plan for Utbildning 2025"
    assert [str(role) for role in it_object.roles.all()] == [
        "Leo Ledare (object leader)",
        "Anna Ägare (object owner)",
    ]
    remove_object_role(role=owner, by=controller)
    assert list(it_object.roles.values_list("name", flat=True)) == ["Leo Ledare"]
    assert ObjectRole.all_objects.get(pk=owner.pk).deleted_by == controller
    assert history_of(plan).first().changed_by == controller


def test_two_live_objects_may_not_share_a_short_name(administration, controller):
    create_it_object(administration=administration, short_name="UKFA", name="Ett", by=controller)
    with pytest.raises(ValidationError):
        create_it_object(
            administration=administration, short_name="UKFA", name="Två", by=controller
        )


def test_one_plan_per_object_and_year(administration, controller):
    it_object = create_it_object(
        administration=administration, short_name="X", name="X", by=controller
    )
    create_object_plan(it_object=it_object, year=2025, by=controller)
    with pytest.raises(ValidationError):
        create_object_plan(it_object=it_object, year=2025, by=controller)
