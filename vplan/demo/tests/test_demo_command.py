import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation.models import Administration, Board, Membership
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal, Placement, Plan

pytestmark = pytest.mark.django_db

MODELS = [
    Administration,
    Board,
    Membership,
    Plan,
    MunicipalGoal,
    BoardGoal,
    Assignment,
    Activity,
    Placement,
    FollowUpRound,
    StatusReport,
    get_user_model(),
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def run_demo(capsys=None) -> str:
    call_command("demo", "--no-serve")
    return capsys.readouterr().out if capsys else ""


def exempelkommun_plans():
    return Plan.objects.filter(administration__municipality="Exempelkommun").order_by("year")


def test_running_twice_adds_nothing_the_second_time(capsys):
    first_output = run_demo(capsys)
    after_first = counts()
    second_output = run_demo(capsys)

    assert counts() == after_first
    assert "Exempelkommun" in first_output
    assert "Exempelkommun" in second_output
    assert first_output != second_output
    assert after_first["Activity"] >= 75


def test_without_no_serve_it_serves_on_localhost(monkeypatch):
    from django.core.management.commands import runserver

    served = {}
    monkeypatch.setattr(
        runserver.Command, "handle", lambda self, *args, **options: served.update(options)
    )

    call_command("demo")

    assert served["addrport"] == "127.0.0.1:8000"
    assert exempelkommun_plans().count() == 3


def test_a_foreign_administration_with_the_demo_name_is_refused_and_nothing_written():
    Administration.objects.create(
        name="Bildningsförvaltningen", short_code="BF", municipality="Riktiga kommunen"
    )

    with pytest.raises(CommandError, match="Bildningsförvaltningen"):
        run_demo()

    assert not Plan.objects.exists()
    assert not get_user_model().objects.filter(username="controller").exists()


def test_an_existing_user_keeps_their_password(capsys):
    get_user_model().objects.create_user(username="admin", password="their-own-secret")

    output = run_demo(capsys)

    user = get_user_model().objects.get(username="admin")
    assert user.check_password("their-own-secret")
    assert "admin" in output
