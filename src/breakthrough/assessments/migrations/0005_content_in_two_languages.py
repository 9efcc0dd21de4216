"""English and Spanish columns for content that staff write; existing text becomes the English."""

from django.db import migrations, models

from breakthrough.core.translated import copy_into_default_language

# The shipped scale's levels in Spanish (0004 shipped them in English).
LEVELS_ES = [
    (
        "1.0",
        "Formación",
        "Se ha nombrado un equipo y se ha reunido; todavía está definiendo su objetivo y quién hace qué.",
    ),
    (
        "1.5",
        "Planificación",
        "El equipo está de acuerdo en su objetivo y ha elegido sus primeras ideas de cambio, pero todavía no ha probado nada.",
    ),
    (
        "2.0",
        "Comienzan las pruebas",
        "Los primeros ciclos PDSA están en marcha; los indicadores se recogen por primera vez.",
    ),
    (
        "2.5",
        "Las pruebas se amplían",
        "Se prueban varios cambios, algunos a mayor escala; los datos llegan casi todos los meses.",
    ),
    (
        "3.0",
        "Mejora modesta",
        "Primeras señales de mejores resultados en los indicadores de proceso; las lecciones se ponen por escrito.",
    ),
    (
        "3.5",
        "Mejora",
        "Los indicadores de proceso mejoran de forma constante; los indicadores de resultado empiezan a moverse.",
    ),
    (
        "4.0",
        "Mejora significativa",
        "Se ha alcanzado la mitad o más de las metas del equipo; los cambios que funcionan se usan a diario.",
    ),
    (
        "4.5",
        "Mejora sostenida",
        "Las metas se alcanzan y se mantienen; los cambios se extienden a otros salones y a más personal.",
    ),
    (
        "5.0",
        "Resultados sobresalientes y sostenibles",
        "Todas las metas se alcanzan y se mantienen; los cambios forman parte de la manera de trabajar del programa.",
    ),
]


def add_spanish(apps, schema_editor):
    from decimal import Decimal

    AssessmentLevel = apps.get_model("assessments", "AssessmentLevel")
    for score, label, description in LEVELS_ES:
        AssessmentLevel.objects.filter(score=Decimal(score), label_es__isnull=True).update(
            label_es=label, description_es=description
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_default_scale"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessmentlevel",
            name="description_en",
            field=models.TextField(null=True, verbose_name="what it looks like"),
        ),
        migrations.AddField(
            model_name="assessmentlevel",
            name="description_es",
            field=models.TextField(null=True, verbose_name="what it looks like"),
        ),
        migrations.AddField(
            model_name="assessmentlevel",
            name="label_en",
            field=models.CharField(max_length=100, null=True, verbose_name="label"),
        ),
        migrations.AddField(
            model_name="assessmentlevel",
            name="label_es",
            field=models.CharField(max_length=100, null=True, verbose_name="label"),
        ),
        migrations.RunPython(
            copy_into_default_language("assessments", {"AssessmentLevel": ("label", "description")}),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(add_spanish, migrations.RunPython.noop),
    ]
