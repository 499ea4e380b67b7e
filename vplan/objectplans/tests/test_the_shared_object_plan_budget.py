"""Importing the shared object plan reproduces its budget to the öre (fails where the shared
documents are absent)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from vplan.objectplans.models import ObjectPlan
from vplan.objectplans.money import format_sek
from vplan.organisation.models import Administration


@pytest.fixture
def imported(object_plan_seed, db):
    Administration.objects.create(name="Utbildningsförvaltningen", short_code="UTB")
    call_command(
        "import-objectplan",
        str(object_plan_seed),
        administration="UTB",
        stdout=open("/dev/null", "w"),
    )
    return ObjectPlan.objects.get(it_object__short_name="UKFA", year=2022)


def sek(text: str) -> str:
    return text.replace(" ", "\u00a0")


def test_totals_per_kind_and_overall_are_exact(imported):
    budget = imported.budget()
    assert budget.by_kind == {"VM": Decimal("23481701.00"), "VU": Decimal("5269500.00")}
    assert budget.total == Decimal("28751201.00")
    assert format_sek(budget.by_kind["VM"]) == sek("23 481 701,00")
    assert format_sek(budget.by_kind["VU"]) == sek("5 269 500,00")
    assert format_sek(budget.total) == sek("28 751 201,00")


def test_totals_per_board_are_exact(imported):
    budget = imported.budget()
    assert {code: format_sek(amount) for code, amount in budget.by_board.items()} == {
        "AMI": sek("2 951 350,00"),
        "BIN": sek("8 756 558,50"),
        "BOU": sek("15 490 165,50"),
        "KOF": sek("1 553 127,00"),
    }


def test_the_forecast_and_the_difference(imported):
    budget = imported.budget()
    assert budget.forecast == Decimal("23032000.00")
    assert budget.difference == Decimal("5719201.00")
    assert len(imported.forecast_reasons()) == 4


def test_the_amounts_read_back_from_the_database_are_decimals_to_the_ore(imported):
    amounts = list(imported.budget_lines.values_list("amount", flat=True))
    assert all(isinstance(amount, Decimal) for amount in amounts)
    assert sum(amounts, Decimal(0)) == Decimal("28751201.00")


def test_the_plan_page_shows_the_figures(imported, client, admin_user):
    from vplan.organisation.models import Membership, Role

    Membership.objects.create(
        user=admin_user, administration=imported.administration, role=Role.READER
    )
    client.force_login(admin_user)
    page = client.get(f"/objectplans/{imported.pk}/").content.decode()
    for figure in [
        "23 481 701,00",
        "5 269 500,00",
        "28 751 201,00",
        "2 951 350,00",
        "8 756 558,50",
        "15 490 165,50",
        "1 553 127,00",
    ]:
        assert sek(figure) in page
