from django.db import migrations

from programs.catalogue import seed_catalogue


def seed(apps, schema_editor):
    seed_catalogue(apps.get_model("programs", "Course"))


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0003_program_officer_details_assignment_training"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
