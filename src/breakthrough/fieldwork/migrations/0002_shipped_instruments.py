"""Two illustrative instruments written for Breakthrough (not validated): a learning-session observation
protocol (8 items, 3 subscales, English and Spanish) and a stand-in for a proprietary teacher-rated child
social-emotional scale (12 numbered items scored 0–4, summed to a total of 0–48; no item text is stored)."""

from __future__ import annotations

from django.db import migrations

SEEN = [
    {"value": 1, "en": "Not seen", "es": "No se observó"},
    {"value": 2, "en": "Seen once or twice", "es": "Se observó una o dos veces"},
    {"value": 3, "en": "Seen often", "es": "Se observó a menudo"},
    {"value": 4, "en": "Seen throughout", "es": "Se observó todo el tiempo"},
]

PROTOCOL_SLUG = "ls-observation"
PROTOCOL_ITEMS = [
    (
        "within_listen",
        "within",
        "Team members listen to each other and build on what a teammate says.",
        "Los miembros del equipo se escuchan y retoman lo que dice un compañero.",
    ),
    (
        "within_roles",
        "within",
        "Teachers, directors and family members on a team each take part in the team's work.",
        "Maestros, directores y familiares de un equipo participan cada uno en el trabajo del equipo.",
    ),
    (
        "within_disagree",
        "within",
        "A team member raises a concern or disagrees openly, and the team takes it up.",
        "Un miembro del equipo plantea una duda o un desacuerdo abiertamente, y el equipo lo retoma.",
    ),
    (
        "across_share",
        "across",
        "Teams share their data, tests or results with other teams.",
        "Los equipos comparten sus datos, pruebas o resultados con otros equipos.",
    ),
    (
        "across_ask",
        "across",
        "People ask another team how it did something, or offer help to another team.",
        "Las personas preguntan a otro equipo cómo hizo algo, u ofrecen ayuda a otro equipo.",
    ),
    (
        "across_mix",
        "across",
        "People of different programs sit, talk and plan together outside their own team.",
        "Personas de distintos programas se sientan, conversan y planifican juntas fuera de su equipo.",
    ),
    (
        "voice_lead",
        "voice",
        "Program staff or family members lead a part of the session, not only faculty.",
        "El personal de los programas o los familiares dirigen una parte de la sesión, no solo el profesorado.",
    ),
    (
        "voice_family",
        "voice",
        "Family members' views are asked for and used in the discussion.",
        "Se pide la opinión de los familiares y se usa en la conversación.",
    ),
]
PROTOCOL_SUBSCALES = [
    ("within", "Relational dynamics within teams", "Dinámica relacional dentro de los equipos", 2),
    ("across", "Relational dynamics across teams", "Dinámica relacional entre equipos", 2),
    ("voice", "Shared voice and leadership", "Voz y liderazgo compartidos", 1),
]

CHILD_SLUG = "child-sel-rating"


def ship(apps, schema_editor):
    Instrument = apps.get_model("study", "Instrument")
    Item = apps.get_model("study", "Item")
    Subscale = apps.get_model("study", "Subscale")
    protocol = Instrument.objects.create(
        slug=PROTOCOL_SLUG,
        name="Learning-session observation protocol (illustrative)",
        name_es="Protocolo de observación de sesiones de aprendizaje (ilustrativo)",
        description=(
            "What an evaluator sees during a learning session or call: relational dynamics within teams and "
            "across teams, and whose voice leads. Each item is scored 1 (not seen) to 4 (seen throughout); a "
            "subscale is the mean of its items. Speaking turns by role and cross-team exchanges are counted "
            "beside the items."
        ),
        kind="session",
        owner="Breakthrough project",
        licence="CC BY 4.0",
        illustrative=True,
        revision=1,
    )
    made = {}
    for number, (code, subscale, en, es) in enumerate(PROTOCOL_ITEMS, start=1):
        made[code] = (
            Item.objects.create(
                instrument=protocol,
                number=number,
                code=code,
                text_en=en,
                text_es=es,
                scale_min=1,
                scale_max=4,
                labels=SEEN,
                revision=1,
            ),
            subscale,
        )
    for code, en, es, minimum in PROTOCOL_SUBSCALES:
        sub = Subscale.objects.create(
            instrument=protocol, code=code, name_en=en, name_es=es, min_answered=minimum, revision=1
        )
        sub.items.set([item for item, s in made.values() if s == code])

    child = Instrument.objects.create(
        slug=CHILD_SLUG,
        name="Teacher-rated social-emotional scale (illustrative stand-in for a proprietary tool)",
        name_es="Escala socioemocional calificada por el maestro (ejemplo en lugar de una herramienta con licencia)",
        description=(
            "A teacher rates each child on 12 items scored 0–4; the total (0–48, higher is stronger "
            "social-emotional skill) is entered per child code, pre and post. As for a proprietary tool, only "
            "item numbers and totals are stored, never item text."
        ),
        kind="child",
        owner="Breakthrough project",
        licence="CC BY 4.0",
        proprietary=True,
        illustrative=True,
        revision=1,
    )
    items = [
        Item.objects.create(
            instrument=child, number=n, code=f"item{n}", scale_min=0, scale_max=4, revision=1
        )
        for n in range(1, 13)
    ]
    total = Subscale.objects.create(
        instrument=child, code="total", name_en="Total", name_es="Total", scoring="sum", min_answered=12, revision=1
    )
    total.items.set(items)


def unship(apps, schema_editor):
    Instrument = apps.get_model("study", "Instrument")
    slugs = [PROTOCOL_SLUG, CHILD_SLUG]
    apps.get_model("study", "Subscale").objects.filter(instrument__slug__in=slugs).delete()
    apps.get_model("study", "Item").objects.filter(instrument__slug__in=slugs).delete()
    Instrument.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("study", "0008_session_and_child_kinds"), ("fieldwork", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
