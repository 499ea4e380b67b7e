import pytest

pytestmark = pytest.mark.django_db


def test_errors_speak_swedish_by_default_and_english_when_chosen(api_as, filled_plan, controller):
    api = api_as("controller")
    url = f"/api/plans/{filled_plan['plan'].pk}/activities"
    body = '{"text": "X", "boards": ["BiN"]}'
    swedish = api.client.post(url, data=body, content_type="application/json")
    assert swedish.json()["errors"]["placements"] == [
        "Placera aktiviteten under minst ett mål eller uppdrag."
    ]
    api.client.cookies["django_language"] = "en"  # what the language switch sets
    english = api.client.post(url, data=body, content_type="application/json")
    assert english.json()["errors"]["placements"] == [
        "Place the activity under at least one goal or assignment."
    ]


def test_round_state_refusal_in_swedish(api_as, filled_plan, controller):
    response = api_as("controller").post(
        f"/rounds/{filled_plan['round'].pk}/publish", {"confirm": True}
    )
    assert response.json()["errors"]["state"] == [
        "Bara en stängd uppföljning kan publiceras; den här är öppen."
    ]


def test_the_api_follows_accept_language(api_as, filled_plan, controller):
    api = api_as("controller")
    url = f"/api/plans/{filled_plan['plan'].pk}/activities"
    body = '{"text": "X", "boards": ["BiN"]}'
    english = api.client.post(
        url, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english["Content-Language"] == "en"
    assert english.json()["errors"]["placements"] == [
        "Place the activity under at least one goal or assignment."
    ]
