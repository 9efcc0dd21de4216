"""English and Spanish columns for content that staff write; existing text becomes the English."""

from django.db import migrations, models

from breakthrough.core.translated import copy_into_default_language


class Migration(migrations.Migration):
    dependencies = [
        ("study", "0007_alter_instrument_licence"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrument",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="instrument",
            name="description_es",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="respondentgroup",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="respondentgroup",
            name="name_es",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="wave",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="wave",
            name="name_es",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.RunPython(
            copy_into_default_language(
                "study", {"Wave": ("name",), "RespondentGroup": ("name",), "Instrument": ("description",)}
            ),
            migrations.RunPython.noop,
        ),
    ]
