"""A real SMTP server in the test process (aiosmtpd) that keeps every mail it receives, for tests
that send e-mail through Django's SMTP backend and read what arrived."""

import contextlib
import email
import socket
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Collector:
    """aiosmtpd handler that keeps each arrived mail (and each login: user 'vplan', password
    'hemligt' is accepted)."""

    def __init__(self):
        self.messages = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        accepted = (auth_data.login, auth_data.password) == (b"vplan", b"hemligt")
        self.logins.append((mechanism, auth_data.login.decode(), accepted))
        return AuthResult(success=accepted)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_smtp_server():
    """(collector, port) of an SMTP server on the loopback interface, stopped afterwards."""
    collector = Collector()
    controller = Controller(
        collector,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=collector.authenticate,
        auth_require_tls=False,  # on the loopback interface only; production uses TLS
    )
    controller.start()
    try:
        yield collector, controller.port
    finally:
        controller.stop()
