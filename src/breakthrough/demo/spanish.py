"""The demo's content in Spanish: every measure, definition, aim, driver, change idea, event, wave and
respondent group the demo builds, written for early-childhood programs in the United States.

``fill_spanish()`` runs after the demo is built (in English) and writes each row's ``*_es`` columns from
``SPANISH`` (the English text → its Spanish) and ``PATTERNS`` (titles with a number or a name in them). A text
with no Spanish here stays blank in Spanish, and pages show the English with an "(in English)" marker;
``tests/test_demo_spanish.py`` checks that none is left.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils import translation

SPANISH: dict[str, str] = {
    # Collaborative
    "Children's social and emotional learning": "Aprendizaje socioemocional de los niños",
    "A demonstration collaborative. Programs, people and data are fictional; measures are illustrative.": (
        "Un colaborativo de demostración. Los programas, las personas y los datos son ficticios; los "
        "indicadores son ilustrativos."
    ),
    "The demo's first wave: the live collaborative started from it. Programs, people and data are "
    "fictional; measures are illustrative.": (
        "La primera ronda de la demostración: el colaborativo actual partió de ella. Los programas, las "
        "personas y los datos son ficticios; los indicadores son ilustrativos."
    ),
    # Aims
    "By the end of the collaborative, 85% of participating classrooms will hold a daily feelings check-in.": (
        "Al final del colaborativo, el 85 % de los salones participantes hará cada día una ronda de "
        "sentimientos."
    ),
    "By the end of the collaborative, challenging-behavior incidents will fall by a third from baseline.": (
        "Al final del colaborativo, los incidentes de conducta desafiante habrán bajado en un tercio con "
        "respecto al punto de partida."
    ),
    # Primary drivers, secondary drivers and change ideas
    "Nurturing, responsive and supportive relationships and environments": (
        "Relaciones y ambientes afectuosos, receptivos y de apoyo"
    ),
    "Predictable, calm daily routines": "Rutinas diarias predecibles y tranquilas",
    "Visual daily schedule at children's eye level": (
        "Horario visual del día a la altura de los ojos de los niños"
    ),
    "Two-minute warning song before transitions": "Canción de aviso dos minutos antes de cada transición",
    "Calm-down corner with choice cards": "Rincón de la calma con tarjetas de opciones",
    "Warm, individual connection with every child": "Conexión cálida e individual con cada niño",
    "Daily one-on-one greeting at the door": "Saludo individual en la puerta cada día",
    "Two-by-ten conversations with a child who struggles": (
        "Conversaciones «dos por diez» con un niño al que le cuesta más"
    ),
    "Teaching social skills and emotional competencies": (
        "Enseñanza de habilidades sociales y competencias emocionales"
    ),
    "Naming and understanding feelings": "Nombrar y comprender los sentimientos",
    "Morning feelings check-in chart": "Cartel de la ronda de sentimientos de la mañana",
    "Feelings word of the week": "La palabra de sentimientos de la semana",
    "Emotion faces in read-alouds": "Caras de emociones en la lectura en voz alta",
    "Friendship and problem-solving skills": "Habilidades de amistad y de resolución de problemas",
    "Solution kit practiced at circle time": "Caja de soluciones practicada en la hora del círculo",
    "Puppet role-plays of sharing and turn-taking": (
        "Dramatizaciones con títeres sobre compartir y esperar turno"
    ),
    "Family partnership": "Alianza con las familias",
    "Two-way communication with families": "Comunicación en ambos sentidos con las familias",
    "Weekly positive note or photo home": "Nota positiva o foto a casa cada semana",
    "Family feelings chart to use at home": "Cartel de sentimientos para usar en casa con la familia",
    "Families as team members": "Las familias como miembros del equipo",
    "Family member co-leads a team meeting": "Un familiar dirige junto con el equipo una de sus reuniones",
    "Home-language welcome for new families": "Bienvenida en el idioma del hogar para las familias nuevas",
    "Racial equity and cultural responsiveness": "Equidad racial y respuesta sensible a las culturas",
    "Reflecting children's cultures and languages": "Reflejar las culturas y los idiomas de los niños",
    "Books and songs from children's home cultures": (
        "Libros y canciones de las culturas de origen de los niños"
    ),
    "Key feelings words in every home language": "Palabras clave de sentimientos en cada idioma del hogar",
    "Fair responses to behavior": "Respuestas justas ante la conducta",
    "Review behavior incidents by child group monthly": (
        "Revisar cada mes los incidentes de conducta por grupo de niños"
    ),
    "Pause-and-reflect step before removing a child": (
        "Un momento de pausa y reflexión antes de sacar a un niño del grupo"
    ),
    "Organizational capacity and support for SEL practices": (
        "Capacidad de la organización y apoyo para las prácticas socioemocionales"
    ),
    "Reflective supervision and coaching": "Supervisión reflexiva y acompañamiento",
    "Monthly reflective supervision for each teacher": "Supervisión reflexiva mensual para cada maestro",
    "Peer observation with one focus practice": "Observación entre colegas centrada en una práctica",
    "Time and structures for improvement": "Tiempo y estructuras para mejorar",
    "Protected half hour for the team each week": "Media hora reservada para el equipo cada semana",
    "SEL practice on every staff meeting agenda": (
        "Las prácticas socioemocionales en la agenda de cada reunión de personal"
    ),
    # Measures: names, definitions, numerators and denominators
    "Classrooms holding a daily feelings check-in": "Salones que hacen una ronda de sentimientos cada día",
    "Share of classroom-days on which children took part in a feelings check-in.": (
        "Proporción de días de salón en los que los niños participaron en una ronda de sentimientos."
    ),
    "Classroom-days with a check-in recorded on the classroom log": (
        "Días de salón con una ronda de sentimientos anotada en el registro del salón"
    ),
    "Classroom-days the classroom was open": "Días de salón en que el salón estuvo abierto",
    "Planned social-skills lessons delivered": "Lecciones de habilidades sociales planificadas e impartidas",
    "Share of planned weekly social-skills lessons that took place.": (
        "Proporción de las lecciones semanales de habilidades sociales planificadas que se llevaron a cabo."
    ),
    "Lessons delivered as planned": "Lecciones impartidas según lo planificado",
    "Lessons planned for the month": "Lecciones planificadas para el mes",
    "Families receiving a positive note each week": "Familias que reciben una nota positiva cada semana",
    "Share of family-weeks with at least one positive note, photo or message sent home.": (
        "Proporción de semanas por familia con al menos una nota, foto o mensaje positivo enviado a casa."
    ),
    "Share of family-weeks with at least one positive note, photo or message sent home. Messages "
    "through the program's family app count.": (
        "Proporción de semanas por familia con al menos una nota, foto o mensaje positivo enviado a casa. "
        "Cuentan también los mensajes por la aplicación del programa para familias."
    ),
    "Text messages in the family's app now count as notes home.": (
        "Los mensajes de texto en la aplicación para familias ahora cuentan como notas a casa."
    ),
    "Family-weeks with a positive note": "Semanas por familia con una nota positiva",
    "Enrolled families × weeks in the month": "Familias inscritas × semanas del mes",
    "Challenging-behavior incidents per 100 child-days": (
        "Incidentes de conducta desafiante por cada 100 días de asistencia"
    ),
    "Behavior incident reports filed, per 100 days of child attendance.": (
        "Informes de incidentes de conducta presentados, por cada 100 días de asistencia de los niños."
    ),
    "Incident reports filed": "Informes de incidentes presentados",
    "Child-days of attendance": "Días de asistencia de los niños",
    "Children removed from the group": "Niños retirados del grupo",
    "Times a child was sent home or taken out of the group because of behavior.": (
        "Veces que se mandó a un niño a casa o se le sacó del grupo por su conducta."
    ),
    "Teachers feeling supported in SEL practice": (
        "Maestros que se sienten apoyados en las prácticas socioemocionales"
    ),
    "Mean of the monthly one-question pulse (1 = not at all, 5 = fully supported) among teaching staff.": (
        "Promedio de la encuesta mensual de una sola pregunta (1 = nada, 5 = totalmente apoyado) entre el "
        "personal docente."
    ),
    "Teacher-reported stress": "Estrés según los maestros",
    "Mean of the monthly one-question stress pulse (1 = very low, 5 = very high); "
    "watched so changes do not overload staff.": (
        "Promedio de la encuesta mensual de una sola pregunta sobre el estrés (1 = muy bajo, 5 = muy alto); "
        "se vigila para que los cambios no sobrecarguen al personal."
    ),
    "Team meetings held": "Reuniones del equipo realizadas",
    "Number of improvement-team meetings held in the month.": (
        "Número de reuniones del equipo de mejora realizadas en el mes."
    ),
    # Events
    "Team meeting": "Reunión del equipo",
    "Video call": "Videollamada",
    "Community college conference center, Boston": "Centro de conferencias del colegio comunitario, Boston",
    "Directors and administrators call": "Llamada de directores y administradores",
    "Teachers call": "Llamada de maestros",
    "Family members call": "Llamada de familiares",
    # Study: waves, respondent groups, the demo's observation tool
    "Psychological safety: early": "Seguridad psicológica: al inicio",
    "Psychological safety: late": "Seguridad psicológica: al final",
    "Observations before": "Observaciones de antes",
    "Observations after": "Observaciones de después",
    "Collaborative team members": "Miembros de los equipos del colaborativo",
    "Non-team staff of the same programs": "Personal de los mismos programas que no está en el equipo",
    "Families": "Familias",
    "Classroom practices observation (demo, scores only)": (
        "Observación de prácticas en el salón (demostración, solo puntajes)"
    ),
    "Classroom environment": "Ambiente del salón",
    "Adult–child interactions": "Interacciones entre adultos y niños",
}

# Titles with a number or a person's name in them: (English pattern, Spanish with the same groups).
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Learning session (\d+)$"), r"Sesión de aprendizaje \1"),
    (re.compile(r"^Collaborative call (\d+)$"), r"Llamada del colaborativo \1"),
    (re.compile(r"^Consultation with (.+)$"), r"Consulta con \1"),
]


NAMED_IN_NOTIFICATIONS = ("wave", "event")


def spanish_of(english: str, names: frozenset[str] = frozenset()) -> str:
    """The demo's Spanish for one of its English texts, or "" when it has none. A program's name (an
    event's place) is the same in both languages."""
    if not english:
        return ""
    if english in names:
        return english
    if english in SPANISH:
        return SPANISH[english]
    for pattern, replacement in PATTERNS:
        if pattern.match(english):
            return pattern.sub(replacement, english)
    return ""


def _translated_models() -> list[tuple[type[models.Model], tuple[str, ...]]]:
    from modeltranslation.translator import translator

    return [
        (model, tuple(translator.get_options_for_model(model).fields))
        for model in translator.get_registered_models(abstract=False)
    ]


def fill_spanish() -> int:
    """Write the Spanish of every demo text into its ``*_es`` column where that is blank; returns how many
    columns it filled. Study items and subscales keep their own ``name_es`` columns and are filled too."""
    from breakthrough.collaboratives.models import Program
    from breakthrough.notifications.models import Notification
    from breakthrough.study.models import Instrument, Subscale

    names = frozenset(Program.objects.values_list("name", flat=True))
    filled = 0
    with translation.override("en"):
        for model, fields in _translated_models():
            for row in model._base_manager.all():
                changed = []
                for field in fields:
                    english = getattr(row, f"{field}_en", "") or ""
                    spanish = spanish_of(english, names)
                    if spanish and not (getattr(row, f"{field}_es", "") or "").strip():
                        setattr(row, f"{field}_es", spanish)
                        changed.append(f"{field}_es")
                if changed:
                    model._base_manager.filter(pk=row.pk).update(
                        **{name: getattr(row, name) for name in changed}
                    )
                    filled += len(changed)
        for instrument in Instrument.objects.filter(name_es=""):
            if spanish := spanish_of(instrument.name):
                filled += Instrument.objects.filter(pk=instrument.pk).update(name_es=spanish)
        for notification in Notification.objects.all():  # made while the demo was built, before its Spanish
            extra = {
                f"{key}_es": spanish
                for key in NAMED_IN_NOTIFICATIONS
                if key in notification.params
                and f"{key}_es" not in notification.params
                and (spanish := spanish_of(str(notification.params[key]), names))
            }
            if extra:
                Notification.objects.filter(pk=notification.pk).update(params=notification.params | extra)
                filled += len(extra)
        for subscale in Subscale.objects.filter(name_es=""):
            if spanish := spanish_of(subscale.name_en):
                filled += Subscale.objects.filter(pk=subscale.pk).update(name_es=spanish)
    return filled
