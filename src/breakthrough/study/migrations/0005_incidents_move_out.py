# Behavior incidents, enrolled children and demographic categories move to the incidents app
# (incidents/migrations/0001_initial.py takes them into its state). Their tables are renamed, rows kept.

from django.db import migrations

MOVED = ["DemographicCategory", "Child", "Incident"]


class Migration(migrations.Migration):

    dependencies = [
        ("study", "0004_survey_link_contact"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"incidents_{name.lower()}") for name in MOVED
            ],
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
        ),
    ]
