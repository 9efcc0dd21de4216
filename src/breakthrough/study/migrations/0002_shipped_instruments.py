"""Three illustrative open instruments, written for Breakthrough (not validated scales)."""

from __future__ import annotations

from django.db import migrations

AGREE = [
    {"value": 1, "en": "Strongly disagree", "es": "Totalmente en desacuerdo"},
    {"value": 2, "en": "Disagree", "es": "En desacuerdo"},
    {"value": 3, "en": "Neither agree nor disagree", "es": "Ni de acuerdo ni en desacuerdo"},
    {"value": 4, "en": "Agree", "es": "De acuerdo"},
    {"value": 5, "en": "Strongly agree", "es": "Totalmente de acuerdo"},
]
CONFIDENT = [
    {"value": 1, "en": "Not at all confident", "es": "Nada seguro/a"},
    {"value": 2, "en": "A little confident", "es": "Un poco seguro/a"},
    {"value": 3, "en": "Somewhat confident", "es": "Algo seguro/a"},
    {"value": 4, "en": "Quite confident", "es": "Bastante seguro/a"},
    {"value": 5, "en": "Completely confident", "es": "Totalmente seguro/a"},
]

# (slug, name, description, labels, items [(code, subscale, reverse, en, es)], subscales [(code, en, es, min)])
INSTRUMENTS = [
    (
        "psych-safety",
        "Psychological safety in our program (illustrative)",
        "How safe people feel to speak up, ask and admit mistakes at work. Score: mean of the 7 items "
        "after reverse-keying items 2, 4 and 6; at least 5 items answered.",
        AGREE,
        [
            (
                "ps1",
                "safety",
                False,
                "In my program, I can bring up a problem without worrying about how it will look.",
                "En mi programa puedo mencionar un problema sin preocuparme por cómo se verá.",
            ),
            (
                "ps2",
                "safety",
                True,
                "If I make a mistake here, it is usually held against me.",
                "Si cometo un error aquí, por lo general se usa en mi contra.",
            ),
            (
                "ps3",
                "safety",
                False,
                "People here ask each other for help without hesitating.",
                "Aquí las personas se piden ayuda sin dudar.",
            ),
            (
                "ps4",
                "safety",
                True,
                "Some colleagues here are quick to dismiss ideas that are different.",
                "Algunos colegas aquí rechazan rápido las ideas diferentes.",
            ),
            (
                "ps5",
                "safety",
                False,
                "I can try a new way of doing things in my classroom without fear.",
                "Puedo probar una nueva forma de hacer las cosas en mi salón sin miedo.",
            ),
            (
                "ps6",
                "safety",
                True,
                "It is risky to disagree with others in meetings here.",
                "Aquí es arriesgado no estar de acuerdo con otros en las reuniones.",
            ),
            (
                "ps7",
                "safety",
                False,
                "My skills and ideas are valued by the people I work with.",
                "Las personas con quienes trabajo valoran mis habilidades e ideas.",
            ),
        ],
        [("safety", "Psychological safety", "Seguridad psicológica", 5)],
    ),
    (
        "learning-climate",
        "Organizational climate for learning (illustrative)",
        "Whether the program makes room to learn from data and from each other. Two subscales, each the "
        "mean of 4 items after reverse-keying items 3 and 7; at least 3 items answered in each.",
        AGREE,
        [
            (
                "lc1",
                "openness",
                False,
                "We look at what happened and talk about what to change.",
                "Revisamos lo que pasó y hablamos de qué cambiar.",
            ),
            (
                "lc2",
                "openness",
                False,
                "Leaders here want to hear about problems early.",
                "Aquí los líderes quieren enterarse de los problemas a tiempo.",
            ),
            (
                "lc3",
                "openness",
                True,
                "New ideas here usually stop at the first obstacle.",
                "Aquí las ideas nuevas suelen detenerse ante el primer obstáculo.",
            ),
            (
                "lc4",
                "openness",
                False,
                "Staff share what works with other classrooms.",
                "El personal comparte con otros salones lo que funciona.",
            ),
            (
                "lc5",
                "support",
                False,
                "We have time set aside to plan and reflect together.",
                "Tenemos tiempo reservado para planear y reflexionar juntos.",
            ),
            (
                "lc6",
                "support",
                False,
                "We get the information we need to know if a change helped.",
                "Recibimos la información que necesitamos para saber si un cambio ayudó.",
            ),
            (
                "lc7",
                "support",
                True,
                "There is never time to try anything new here.",
                "Aquí nunca hay tiempo para probar algo nuevo.",
            ),
            (
                "lc8",
                "support",
                False,
                "Our program gives us what we need to test small changes.",
                "Nuestro programa nos da lo necesario para probar cambios pequeños.",
            ),
        ],
        [
            ("openness", "Openness to learning", "Apertura al aprendizaje", 3),
            ("support", "Time and support for learning", "Tiempo y apoyo para aprender", 3),
        ],
    ),
    (
        "self-efficacy",
        "Self-efficacy for improvement (illustrative)",
        "How confident a person feels to plan, test and study changes. Score: mean of the 6 items after "
        "reverse-keying item 6; at least 4 items answered.",
        CONFIDENT,
        [
            (
                "se1",
                "efficacy",
                False,
                "How confident are you that you can plan a small test of a change?",
                "¿Qué tan seguro/a se siente de poder planear una prueba pequeña de un cambio?",
            ),
            (
                "se2",
                "efficacy",
                False,
                "…that you can collect simple data on what happens?",
                "…de poder recoger datos sencillos sobre lo que pasa?",
            ),
            (
                "se3",
                "efficacy",
                False,
                "…that you can read a run chart and tell if things improved?",
                "…de poder leer una gráfica de serie y saber si las cosas mejoraron?",
            ),
            (
                "se4",
                "efficacy",
                False,
                "…that you can adapt a change after it does not work the first time?",
                "…de poder adaptar un cambio cuando no funciona la primera vez?",
            ),
            (
                "se5",
                "efficacy",
                False,
                "…that you can explain a change to a colleague or a family?",
                "…de poder explicar un cambio a un colega o a una familia?",
            ),
            (
                "se6",
                "efficacy",
                True,
                "How confident are you that improvement work is beyond what you can do?",
                "¿Qué tan seguro/a está de que el trabajo de mejora está fuera de su alcance?",
            ),
        ],
        [("efficacy", "Self-efficacy for improvement", "Autoeficacia para la mejora", 4)],
    ),
]


def ship(apps, schema_editor):
    Instrument = apps.get_model("study", "Instrument")
    Item = apps.get_model("study", "Item")
    Subscale = apps.get_model("study", "Subscale")
    for slug, name, description, labels, items, subscales in INSTRUMENTS:
        instrument = Instrument.objects.create(
            slug=slug,
            name=name,
            description=description,
            kind="survey",
            owner="Breakthrough project",
            licence="CC BY 4.0",
            illustrative=True,
            revision=1,
        )
        made = {}
        for number, (code, subscale, reverse, en, es) in enumerate(items, start=1):
            made[code] = (
                Item.objects.create(
                    instrument=instrument,
                    number=number,
                    code=code,
                    text_en=en,
                    text_es=es,
                    scale_min=1,
                    scale_max=5,
                    labels=labels,
                    reverse_keyed=reverse,
                    revision=1,
                ),
                subscale,
            )
        for code, en, es, minimum in subscales:
            sub = Subscale.objects.create(
                instrument=instrument, code=code, name_en=en, name_es=es, min_answered=minimum, revision=1
            )
            sub.items.set([item for item, s in made.values() if s == code])


def unship(apps, schema_editor):
    Instrument = apps.get_model("study", "Instrument")
    slugs = [i[0] for i in INSTRUMENTS]
    apps.get_model("study", "Subscale").objects.filter(instrument__slug__in=slugs).delete()
    apps.get_model("study", "Item").objects.filter(instrument__slug__in=slugs).delete()
    Instrument.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("study", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
