# The models moved from the study app (study/migrations/0005_incidents_move_out.py renamed their tables):
# created here in the migration state only, so their rows stay. Their content types (and so permissions,
# admin history and comments) and their audit records move with them to the new app label.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import breakthrough.core.models

MOVED = ["demographiccategory", "child", "incident"]


def relabel(apps, schema_editor, old="study", new="incidents"):
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = set(content_type.objects.filter(app_label=new, model__in=MOVED).values_list("model", flat=True))
    content_type.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)
    audit_record = apps.get_model("core", "AuditRecord")
    audit_record.objects.filter(app_label=old, model_name__in=MOVED).update(app_label=new)


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, old="incidents", new="study")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("study", "0005_incidents_move_out"),
        ("collaboratives", "0003_invitation"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DemographicCategory",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("archived_at", models.DateTimeField(blank=True, null=True, verbose_name="archived")),
                        ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="revision")),
                        ("code", models.SlugField(verbose_name="code")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("options", models.JSONField(default=list, help_text="A list of option labels.", verbose_name="options")),
                        ("collaborative", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="collaboratives.collaborative")),
                    ],
                    options={
                        "verbose_name": "demographic category",
                        "verbose_name_plural": "demographic categories",
                        "ordering": ["collaborative", "code"],
                        "constraints": [models.UniqueConstraint(fields=("collaborative", "code"), name="one_category_per_code")],
                    },
                    bases=(breakthrough.core.models.Scoped, models.Model),
                ),
                migrations.CreateModel(
                    name="Child",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("archived_at", models.DateTimeField(blank=True, null=True, verbose_name="archived")),
                        ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="revision")),
                        ("code", models.CharField(help_text="The program's internal code. No names.", max_length=32, verbose_name="child code")),
                        ("demographics", models.JSONField(blank=True, default=dict, verbose_name="demographics")),
                        ("team", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="collaboratives.team")),
                    ],
                    options={
                        "verbose_name": "enrolled child",
                        "verbose_name_plural": "enrolled children",
                        "ordering": ["team", "code"],
                        "constraints": [models.UniqueConstraint(fields=("team", "code"), name="one_child_per_code")],
                    },
                    bases=(breakthrough.core.models.Scoped, models.Model),
                ),
                migrations.CreateModel(
                    name="Incident",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                        ("archived_at", models.DateTimeField(blank=True, null=True, verbose_name="archived")),
                        ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="revision")),
                        ("child_code", models.CharField(help_text="The program's internal code.", max_length=32, verbose_name="child code")),
                        ("occurred_on", models.DateField(verbose_name="date")),
                        ("occurred_at", models.TimeField(blank=True, null=True, verbose_name="time")),
                        ("activity", models.CharField(max_length=200, verbose_name="activity")),
                        ("behavior", models.CharField(max_length=200, verbose_name="problem behavior")),
                        ("motivation", models.CharField(blank=True, max_length=200, verbose_name="possible motivation")),
                        ("adult_response", models.CharField(blank=True, max_length=200, verbose_name="adult response")),
                        ("follow_up", models.TextField(blank=True, verbose_name="follow-up")),
                        ("outcome", models.CharField(choices=[("none", "No removal"), ("suspension", "Suspension"), ("dismissal", "Dismissal")], default="none", max_length=16, verbose_name="removal")),
                        ("demographics", models.JSONField(blank=True, default=dict, verbose_name="demographics")),
                        ("reported_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("team", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="collaboratives.team")),
                    ],
                    options={
                        "verbose_name": "behavior incident",
                        "verbose_name_plural": "behavior incidents",
                        "ordering": ["-occurred_on", "-pk"],
                    },
                    bases=(breakthrough.core.models.Scoped, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
