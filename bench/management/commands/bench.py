"""`manage.py bench --settings=sro_admin.settings.bench` (`make bench`): see bench/run.py."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Time every main page at demo and at New York City volume, and the bulk writes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", action="store_true", help="Keep the bench database for a look afterwards."
        )

    def handle(self, *args, keep: bool = False, **options):
        from bench.run import run

        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        # A database of its own for every run, made by Django's test machinery (migrations
        # included), so the numbers never depend on what an earlier run left behind.
        creation.create_test_db(verbosity=1, autoclobber=True, keepdb=False)
        try:
            ok = run(out=self.stdout)
        finally:
            if not keep:
                creation.destroy_test_db(old_name, verbosity=1)
        if not ok:
            raise CommandError("A target does not hold (see the table).")
