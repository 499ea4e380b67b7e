"""An uploaded object plan never lands in an administration the uploader does not manage."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from vplan.imports.objectplan_uploads import import_object_plan_upload
from vplan.objectplans.models import ITObject, ObjectPlan
from vplan.organisation.models import Board, Role
from vplan.organisation.permissions import managed_administrations
from vplan.testing.factories import make_administration, make_board, make_member


@pytest.fixture
def upload(object_plan_seed):
    return SimpleUploadedFile(
        object_plan_seed.name, object_plan_seed.read_bytes(), content_type="text/plain"
    )


def test_an_object_guessed_into_someone_elses_administration_is_refused_and_nothing_written(
    upload, db
):
    elsewhere = make_administration(name="Annan förvaltning", short_code="ANN")
    for code in ("BiN", "BoU", "AMI", "KoF"):
        make_board(code=code, administration=elsewhere)
    first, second = make_administration(), make_administration()
    user = make_member(administration=first, role=Role.CONTROLLER)
    make_member(administration=second, role=Role.CONTROLLER, username="other")
    user.memberships.create(administration=second, role=Role.CONTROLLER)

    with pytest.raises(PermissionDenied):
        import_object_plan_upload(
            upload=upload, by=user, administration=None, managed=managed_administrations(user)
        )

    assert not ITObject.all_objects.exists()
    assert not ObjectPlan.objects.exists()
    assert Board.objects.filter(administration=elsewhere).count() == 4


def test_with_one_managed_administration_the_object_lands_there(upload, db):
    mine = make_administration()
    user = make_member(administration=mine, role=Role.CONTROLLER)
    result = import_object_plan_upload(
        upload=upload, by=user, administration=None, managed=managed_administrations(user)
    )
    assert result.object_plan.it_object.administration == mine
