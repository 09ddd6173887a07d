from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from programs.demo import DEMO_PASSWORD, demo_load, demo_sign_ins


class Command(BaseCommand):
    help = "Load the demo districts, schools, agencies and users. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Only list the demo sign-ins; load nothing."
        )

    def handle(self, *args, list=False, **options):
        if list:
            width = max(len(email) for email, _ in demo_sign_ins())
            self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
            for email, what in demo_sign_ins():
                self.stdout.write(f"  {email.ljust(width)}  {what}")
            return
        loaded = demo_load()
        # Apps built on programs (mous, ...) add their own demo data in their `demo` module;
        # they are found by name so that programs does not depend on them.
        for app in apps.get_app_configs():
            if app.name != "programs" and find_spec(f"{app.name}.demo") is not None:
                loaded = import_module(f"{app.name}.demo").demo_load() or loaded
        if loaded:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
