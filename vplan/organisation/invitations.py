"""The link a new person uses to choose a password, sent by e-mail.

It is Django's own password-reset link (the same token and page, /accounts/reset/...), sent
with a welcome text instead of "you asked to reset your password". Sending fails quietly
towards the person (nothing is half-written: the account exists either way) and loudly towards
the administrator: `send_password_link` says whether the mail went out.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


def password_link(*, person, base_url: str) -> str:
    """The absolute set-password link for `person` (valid PASSWORD_RESET_TIMEOUT seconds)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return base_url.rstrip("/") + path


def send_password_link(*, person, base_url: str, administration) -> bool:
    """Mail the person a link to choose their password; False when they have no e-mail address
    or the mail could not be sent (mail not configured, server down)."""
    if not person.email or not person.is_active:
        return False
    context = {
        "person": person,
        "link": password_link(person=person, base_url=base_url),
        "administration": administration,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("organisation/mail/password_link_subject.txt", context)
        body = render_to_string("organisation/mail/password_link.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [person.email])
    except (OSError, smtplib.SMTPException, ImproperlyConfigured) as error:
        logger.warning("The set-password link to user %s was not sent: %s", person.pk, error)
        return False
    return True
