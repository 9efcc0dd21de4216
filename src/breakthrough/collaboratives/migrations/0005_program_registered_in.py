"""Programs belong to collaboratives: the one that registered them (new), and those they send teams to.

Existing programs are registered in the collaborative of their earliest team; a program without a team
stays unregistered (only a superuser reaches it until staff give it a team through the admin).
"""

import django.db.models.deletion
from django.db import migrations, models


def register_in_first_team(apps, schema_editor):
    Program = apps.get_model("collaboratives", "Program")
    Team = apps.get_model("collaboratives", "Team")
    for program in Program.objects.filter(registered_in__isnull=True):
        team = Team.objects.filter(program=program).order_by("pk").first()
        if team is not None:
            Program.objects.filter(pk=program.pk).update(registered_in_id=team.collaborative_id)


class Migration(migrations.Migration):
    dependencies = [
        ("collaboratives", "0004_collaborative_pdsa_wait_days_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="registered_in",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="registered_programs",
                to="collaboratives.collaborative",
                verbose_name="registered in",
            ),
        ),
        migrations.RunPython(register_in_first_team, migrations.RunPython.noop),
    ]
