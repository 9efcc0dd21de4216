"""The collaborative assessment scale's nine levels, described in our own words."""

from __future__ import annotations

from decimal import Decimal

from django.db import migrations

LEVELS = [
    ("1.0", "Forming", "A team has been named and has met; it is still settling its aim and who does what."),
    ("1.5", "Planning", "The team agrees on an aim and has chosen its first change ideas, but nothing is tested yet."),
    ("2.0", "Testing begins", "First PDSA cycles are under way; measures are being collected for the first time."),
    ("2.5", "Testing spreads", "Several changes are being tested, some on a larger scale; data come in most months."),
    ("3.0", "Modest improvement", "Early signs of better results on process measures; lessons are written down."),
    ("3.5", "Improvement", "Process measures improve steadily; outcome measures begin to move."),
    ("4.0", "Significant improvement", "Half or more of the team's goals are met; successful changes are in daily use."),
    ("4.5", "Sustained improvement", "Goals are met and held; the changes are spreading to other classrooms and staff."),
    ("5.0", "Outstanding, sustainable results", "All goals met and held; changes are part of how the program works."),
]


def add_levels(apps, schema_editor):
    AssessmentLevel = apps.get_model("assessments", "AssessmentLevel")
    for score, label, description in LEVELS:
        AssessmentLevel.objects.update_or_create(
            score=Decimal(score), defaults={"label": label, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_initial")]

    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
