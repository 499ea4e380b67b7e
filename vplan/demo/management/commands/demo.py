"""`vplan demo`: load the demo municipality Exempelkommun, say how to log in, and serve it, with
a job worker (`vplan worker`) beside the server so that large imports and PDFs finish."""

import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vplan.demo import exempelkommun as data
from vplan.demo.demo_data import DemoConflict, load_demo
from vplan.organisation.models import Role, canonical_board_code

ADDRESS = "127.0.0.1:8000"
URL = f"http://{ADDRESS}"


class Command(BaseCommand):
    help = "Load the demo municipality Exempelkommun and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="Load the demo data and exit without serving."
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Serve without starting a job worker beside the server.",
        )

    def handle(self, *args, no_serve: bool = False, no_worker: bool = False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            load_demo(stdout=self.stdout)
        except DemoConflict as error:
            raise CommandError(str(error)) from error
        self.stdout.write(login_instructions())
        if not no_serve:
            worker = None if no_worker else start_worker()
            signal.signal(signal.SIGTERM, _exit)  # so that the worker is stopped too
            try:
                call_command("runserver", ADDRESS, use_reloader=False)
            finally:
                stop_worker(worker)


def _exit(signum, frame):
    raise SystemExit(0)


def start_worker() -> subprocess.Popen:
    """`vplan worker` in a process of its own, with this process's settings and environment."""
    return subprocess.Popen([sys.executable, "-m", "vplan.cli", "worker", "--no-progress"])


def stop_worker(worker: subprocess.Popen | None) -> None:
    """SIGTERM: the worker finishes its job and stops."""
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


def login_instructions() -> str:
    roles = dict(Role.choices)
    board_codes = {canonical_board_code(b["display_code"]): b["display_code"] for b in data.BOARDS}
    lines = [
        "",
        _('Log in at %(url)s as one of these users, each with the password "%(password)s":')
        % {"url": URL, "password": data.PASSWORD},
    ]
    for user in data.USERS:
        role = str(roles[user["role"]])
        if "board" in user:
            role = _("%(role)s on the board %(board)s") % {
                "role": role,
                "board": board_codes[user["board"]],
            }
        lines.append(f"  {user['username']:<12}{role}")
    lines.append(
        _("The user admin may also use the Django admin at %(url)s/admin/.") % {"url": URL}
    )
    return "\n".join(lines) + "\n"
