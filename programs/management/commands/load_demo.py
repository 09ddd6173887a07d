from django.core.management.base import BaseCommand

from programs.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo districts, schools, agencies and users. Running it again changes nothing."

    def handle(self, *args, **options):
        if demo_load():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
