"""Migration api/0002: tokens made before scopes and expiries keep reading and writing, and expire
90 days after the upgrade instead of never."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("api", "0001_api_tokens")]
AFTER = [("api", "0002_token_scope_expiry_and_revoker")]


@pytest.fixture
def back_to_the_latest_migrations():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_tokens_from_before_expiries_read_and_write_for_ninety_days(controller):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_state = executor.loader.project_state(BEFORE).apps
    OldToken = old_state.get_model("api", "ApiToken")
    OldToken.objects.create(
        user_id=controller.pk, name="gammal", token_hash="a" * 64, hint="vplan_abcd"
    )
    upgraded_at = timezone.now()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from vplan.api.models import ApiToken

    token = ApiToken.objects.get(name="gammal")
    assert token.scope == ApiToken.Scope.READ_WRITE
    lifetime = token.expires_at - upgraded_at
    assert datetime.timedelta(days=89) < lifetime <= datetime.timedelta(days=90, minutes=5)
    assert token.revoked_by is None
    assert ApiToken.objects.usable().filter(pk=token.pk).exists()
