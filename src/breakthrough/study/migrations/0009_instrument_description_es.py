"""The shipped instruments' descriptions in Spanish (their names and items are in Spanish already)."""

from django.db import migrations

DESCRIPTIONS_ES = {
    "psych-safety": (
        "Qué tan seguras se sienten las personas para hablar, preguntar y reconocer errores en el trabajo. "
        "Puntaje: promedio de los 7 ítems, con los ítems 2, 4 y 6 invertidos; al menos 5 ítems respondidos."
    ),
    "learning-climate": (
        "Si el programa deja espacio para aprender de los datos y de los demás. Dos subescalas, cada una el "
        "promedio de 4 ítems, con los ítems 3 y 7 invertidos; al menos 3 ítems respondidos en cada una."
    ),
    "self-efficacy": (
        "Qué tan segura se siente una persona para planificar, probar y estudiar cambios. Puntaje: promedio "
        "de los 6 ítems, con el ítem 6 invertido; al menos 4 ítems respondidos."
    ),
}


def describe_in_spanish(apps, schema_editor):
    Instrument = apps.get_model("study", "Instrument")
    for slug, text in DESCRIPTIONS_ES.items():
        Instrument.objects.filter(slug=slug, description_es__isnull=True).update(description_es=text)
        Instrument.objects.filter(slug=slug, description_es="").update(description_es=text)


class Migration(migrations.Migration):
    dependencies = [("study", "0008_content_in_two_languages")]

    operations = [migrations.RunPython(describe_in_spanish, migrations.RunPython.noop)]
