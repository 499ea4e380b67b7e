"""The benchmark's floor (/bench/floor/, bench/run.py): not there unless VPLAN_BENCH_FLOOR is
true; then the site's layout with one heading, for signed-in and signed-out visitors alike."""

import re

from django.test import override_settings


def test_not_found_by_default(client, db):
    assert client.get("/bench/floor/").status_code == 404


@override_settings(VPLAN_BENCH_FLOOR=True)
def test_the_layout_with_one_heading_when_switched_on(client, editor):
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert len(re.findall(rb"<h1[\s>]", response.content)) == 1
    assert b'class="site-header"' in response.content
    client.force_login(editor)
    signed_in = client.get("/bench/floor/")
    assert signed_in.status_code == 200
    assert editor.username.encode() in signed_in.content or b"site-user" in signed_in.content
    assert client.post("/bench/floor/").status_code in (403, 405)
