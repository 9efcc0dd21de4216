"""English and Spanish columns for content that staff write; existing text becomes the English."""

from django.db import migrations, models

from breakthrough.core.translated import copy_into_default_language


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0002_measure_numerator_source"),
    ]

    operations = [
        migrations.AddField(
            model_name="measure",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="measure",
            name="name_es",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="change_reason_en",
            field=models.TextField(blank=True, null=True, verbose_name="why it changed"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="change_reason_es",
            field=models.TextField(blank=True, null=True, verbose_name="why it changed"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="definition_en",
            field=models.TextField(null=True, verbose_name="operational definition"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="definition_es",
            field=models.TextField(null=True, verbose_name="operational definition"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="denominator_definition_en",
            field=models.TextField(blank=True, null=True, verbose_name="denominator"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="denominator_definition_es",
            field=models.TextField(blank=True, null=True, verbose_name="denominator"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="numerator_definition_en",
            field=models.TextField(blank=True, null=True, verbose_name="numerator"),
        ),
        migrations.AddField(
            model_name="measureversion",
            name="numerator_definition_es",
            field=models.TextField(blank=True, null=True, verbose_name="numerator"),
        ),
        migrations.RunPython(
            copy_into_default_language(
                "measures",
                {
                    "Measure": ("name",),
                    "MeasureVersion": (
                        "definition",
                        "numerator_definition",
                        "denominator_definition",
                        "change_reason",
                    ),
                },
            ),
            migrations.RunPython.noop,
        ),
    ]
