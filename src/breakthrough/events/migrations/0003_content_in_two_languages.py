"""English and Spanish columns for content that staff write; existing text becomes the English."""

from django.db import migrations, models

from breakthrough.core.translated import copy_into_default_language


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_material"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="description_en",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="event",
            name="description_es",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="event",
            name="location_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="where"),
        ),
        migrations.AddField(
            model_name="event",
            name="location_es",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="where"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="event",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="eventmaterial",
            name="title_en",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="eventmaterial",
            name="title_es",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.RunPython(
            copy_into_default_language(
                "events", {"Event": ("title", "location", "description"), "EventMaterial": ("title",)}
            ),
            migrations.RunPython.noop,
        ),
    ]
