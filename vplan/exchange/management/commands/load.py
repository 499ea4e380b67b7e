from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from vplan.exchange.load import (
    ExchangeFormatError,
    load_document,
    read_exchange_file,
    refresh_planner_statistics,
)


class Command(BaseCommand):
    help = "Load a Vplan exchange file (JSON). Everything is loaded, or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the exchange file written by `vplan export`")
        parser.add_argument(
            "--user", help="username recorded in the change history as having loaded the file"
        )

    def handle(self, *args, path, user=None, **options):
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"--user: there is no user {user!r}.")
        try:
            document = read_exchange_file(path)
            count = len(document.plans)
            with tqdm(total=count, unit="plan", disable=count < 2, file=self.stderr) as bar:
                plans = load_document(document=document, by=by, progress=lambda _: bar.update())
        except ExchangeFormatError as error:
            raise CommandError(f"{path}: {error} (nothing was loaded)") from error
        refresh_planner_statistics()
        for plan in plans:
            self.stdout.write(f"Loaded plan {plan.pk}: {plan}")
