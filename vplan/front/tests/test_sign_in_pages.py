"""Signing in and out with Django's auth views and Vplan's templates."""

from django.urls import reverse


def test_sign_in_page_has_labelled_fields(client, db):
    html = client.get(reverse("login")).content.decode()
    assert '<label class="ds-label" for="id_username">' in html
    assert '<label class="ds-label" for="id_password">' in html


def test_signing_in_goes_to_next(client, editor, plan):
    response = client.post(
        reverse("login"),
        {
            "username": "editor",
            "password": "secret-pw-1",
            "next": reverse("plans:plan", args=[plan.pk]),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan", args=[plan.pk])


def test_wrong_password_is_refused_with_a_message(client, editor):
    response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_is_a_post_from_the_header(client, editor):
    client.force_login(editor)
    html = client.get(reverse("front:start")).content.decode()
    assert f'action="{reverse("logout")}" method="post"' in html
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_pages_render_in_vplans_layout(client, editor):
    assert "ds-button" in client.get(reverse("password_reset")).content.decode()
    client.force_login(editor)
    assert "ds-button" in client.get(reverse("password_change")).content.decode()
