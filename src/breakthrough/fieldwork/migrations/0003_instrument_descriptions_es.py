"""The shipped fieldwork instruments' descriptions in Spanish (instrument descriptions became translated
content in study 0008), and in English where 0002 wrote only the untranslated column."""

from django.db import migrations

SPANISH = {
    "ls-observation": (
        "Lo que una evaluadora o un evaluador observa durante una sesión de aprendizaje o una llamada: la "
        "dinámica de las relaciones dentro de los equipos y entre equipos, y qué voces llevan la conversación. "
        "Cada ítem se califica de 1 (no se observa) a 4 (se observa todo el tiempo); una subescala es el "
        "promedio de sus ítems. Junto a los ítems se cuentan los turnos de palabra por rol y los intercambios "
        "entre equipos."
    ),
    "child-sel-rating": (
        "El maestro o la maestra califica a cada niño o niña en 12 ítems de 0 a 4; el total (0–48, más alto "
        "indica mayor habilidad socioemocional) se registra por código del niño o niña, antes y después. Como "
        "en una herramienta con licencia, solo se guardan los números de los ítems y los totales, nunca el "
        "texto de los ítems."
    ),
}


def describe_in_spanish(apps, schema_editor):
    Instrument = apps.get_model("study", "Instrument")
    for slug, text in SPANISH.items():
        for instrument in Instrument.objects.filter(slug=slug):
            instrument.description_en = instrument.description_en or instrument.description
            instrument.description_es = text
            instrument.save(update_fields=["description_en", "description_es"])


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0002_shipped_instruments"),
        ("study", "0010_merge_descriptions_and_kinds"),
    ]

    operations = [migrations.RunPython(describe_in_spanish, migrations.RunPython.noop)]
