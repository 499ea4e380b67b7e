"""The interface's browser tests: the harness (Chromium, `open_session`, the request and CSP
checks) is vplan/testing/browser.py, the demo database vplan/testing/demo_database.py."""

import pytest


@pytest.fixture
def open_round(demo):
    from vplan.followups.models import FollowUpRound

    return (
        FollowUpRound.objects.open()
        .filter(plan__administration=demo["administration"])
        .latest("as_of")
    )
