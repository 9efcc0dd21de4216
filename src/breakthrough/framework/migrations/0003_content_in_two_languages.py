"""English and Spanish columns for content that staff write; existing text becomes the English."""

from django.db import migrations, models

from breakthrough.core.translated import copy_into_default_language


class Migration(migrations.Migration):
    dependencies = [
        ("framework", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="aim",
            name="statement_en",
            field=models.TextField(null=True, verbose_name="aim statement"),
        ),
        migrations.AddField(
            model_name="aim",
            name="statement_es",
            field=models.TextField(null=True, verbose_name="aim statement"),
        ),
        migrations.AddField(
            model_name="changeidea",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="changeidea",
            name="description_es",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="changeidea",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="changeidea",
            name="name_es",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="primarydriver",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="primarydriver",
            name="description_es",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="primarydriver",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="primarydriver",
            name="name_es",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="secondarydriver",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="secondarydriver",
            name="description_es",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="secondarydriver",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="secondarydriver",
            name="name_es",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.RunPython(
            copy_into_default_language(
                "framework",
                {
                    "Aim": ("statement",),
                    "PrimaryDriver": ("name", "description"),
                    "SecondaryDriver": ("name", "description"),
                    "ChangeIdea": ("name", "description"),
                },
            ),
            migrations.RunPython.noop,
        ),
    ]
