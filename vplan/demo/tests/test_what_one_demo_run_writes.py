"""What one run of `vplan demo --no-serve` writes and says: the command runs once for this
module (its tests only read), in a transaction rolled back at the end; each test still runs in a
transaction of its own. The tests that need a database of their own are in
test_demo_command.py."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from vplan.plans.models import Activity, Placement, Plan
from vplan.plans.perspectives import PERSPECTIVES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    output = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--no-serve", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)


def exempelkommun_plans():
    return Plan.objects.filter(administration__municipality="Exempelkommun").order_by("year")


def test_three_consecutive_plans_each_with_at_least_two_rounds(demo_output):
    plans = list(exempelkommun_plans())

    assert [plan.year for plan in plans] == [2024, 2025, 2026]
    for plan in plans:
        assert plan.rounds.count() >= 2
        assert plan.boards.count() == 2


def test_an_activity_is_carried_over_across_three_years(demo_output):
    chains = [
        activity.chain_back()
        for activity in Activity.objects.filter(plan__year=2026, carried_over_from__isnull=False)
    ]

    assert any([a.plan.year for a in chain] == [2024, 2025] for chain in chains)


def test_all_five_perspectives_are_used(demo_output):
    used = set(
        Placement.objects.filter(activity__plan__administration__municipality="Exempelkommun")
        .values_list("perspective__name", flat=True)
        .distinct()
    )

    assert used == set(PERSPECTIVES)


@pytest.mark.parametrize("username", ["admin", "controller", "editor", "reader"])
def test_each_demo_user_logs_in_with_password_demo(demo_output, client, username):
    assert client.login(username=username, password="demo")


def test_admin_can_use_the_django_admin(demo_output, client):
    client.login(username="admin", password="demo")

    response = client.get("/admin/plans/activity/")

    assert response.status_code == 200


def test_the_output_says_how_to_log_in(demo_output):
    assert "http://127.0.0.1:8000" in demo_output
    for username in ["admin", "controller", "editor", "reader"]:
        assert f"  {username} " in demo_output
    assert '"demo"' in demo_output
