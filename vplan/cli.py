"""The `vplan` console script: Django's management commands under the product's name.

Vplan's own commands (those of its apps: rounds, load, import, export, worker ...) start without
Django's system checks. The checks import every URL module, the JSON API's included, whose
schemas took most of a command's start-up (2.4 s warm), every middleware class (the admin's
check) and every template tag library (the templates' check), and none of that is what the
command does. `vplan check` runs every check, and so do Django's own commands (migrate,
createsuperuser, runserver ...) and the test suite (vplan/tests/test_project.py).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vplan.settings")
    from django.core.management import ManagementUtility

    class Utility(ManagementUtility):
        def fetch_command(self, subcommand):
            command = super().fetch_command(subcommand)
            if type(command).__module__.startswith("vplan."):
                command.requires_system_checks = []
            return command

    Utility(["vplan", *(sys.argv[1:] if argv is None else argv)]).execute()


if __name__ == "__main__":
    main()
