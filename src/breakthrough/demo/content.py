"""The demo collaborative's content, written for Breakthrough. Every name and place is fictional."""

from __future__ import annotations

# (name, kind, neighborhood, street, licensed capacity, QRIS level, classrooms as (name, age group))
PROGRAMS = [
    (
        "Sunflower Early Learning Center",
        "child_care_center",
        "Dorchester",
        "112 Dot Avenue",
        84,
        "3",
        [
            ("Caterpillars", "infant"),
            ("Ladybugs", "toddler"),
            ("Dragonflies", "preschool"),
            ("Fireflies", "preschool"),
        ],
    ),
    (
        "Harborview Head Start",
        "head_start",
        "South Boston",
        "40 Pier Street",
        120,
        "4",
        [
            ("Room 1", "preschool"),
            ("Room 2", "preschool"),
            ("Room 3", "preschool"),
            ("Room 4", "preschool"),
            ("Room 5", "preschool"),
        ],
    ),
    (
        "Pondside Children's House",
        "child_care_center",
        "Jamaica Plain",
        "9 Arbor Way",
        56,
        "3",
        [("Acorns", "toddler"), ("Oaks", "preschool"), ("Maples", "preschool")],
    ),
    (
        "Blue Hill Early Head Start",
        "early_head_start",
        "Mattapan",
        "1500 Blue Hill Road",
        40,
        "4",
        [("Nest", "infant"), ("Burrow", "toddler"), ("Hive", "toddler"), ("Den", "mixed")],
    ),
    (
        "Dudley Square Community Children's Center",
        "child_care_center",
        "Roxbury",
        "27 Warren Row",
        96,
        "2",
        [
            ("Sun", "infant"),
            ("Moon", "toddler"),
            ("Stars", "preschool"),
            ("Comets", "preschool"),
            ("Planets", "preschool"),
        ],
    ),
    (
        "Casa Alegría Family Child Care",
        "family_child_care",
        "East Boston",
        "61 Meridian Lane",
        10,
        "2",
        [("Home classroom", "mixed")],
    ),
    (
        "Neponset Head Start",
        "head_start",
        "Hyde Park",
        "8 River Bend Road",
        102,
        "3",
        [
            ("Bluebirds", "preschool"),
            ("Robins", "preschool"),
            ("Cardinals", "preschool"),
            ("Wrens", "preschool"),
        ],
    ),
    (
        "Charles River Cooperative Preschool",
        "child_care_center",
        "Allston",
        "300 Market Court",
        48,
        "3",
        [("Sprouts", "toddler"), ("Seedlings", "preschool"), ("Saplings", "preschool")],
    ),
]

FIRST_NAMES = [
    "Ana",
    "Ben",
    "Carmen",
    "Darius",
    "Elena",
    "Farah",
    "Gabriel",
    "Hana",
    "Isaac",
    "Jasmine",
    "Kofi",
    "Lucia",
    "Marcus",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tamika",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
    "Aisha",
    "Bruno",
    "Chloe",
    "Diego",
    "Esther",
    "Felix",
    "Grace",
    "Hector",
    "Ines",
    "Jamal",
    "Keiko",
    "Luis",
    "Maya",
    "Nia",
    "Oscar",
    "Paula",
    "Rafael",
    "Sofia",
    "Tariq",
    "Valeria",
    "Wesley",
    "Yara",
]
LAST_NAMES = [
    "Almeida",
    "Baptiste",
    "Chen",
    "Delgado",
    "Estrada",
    "Fofana",
    "Garcia",
    "Haddad",
    "Ibrahim",
    "Jean-Louis",
    "Kim",
    "Lopez",
    "Mensah",
    "Nguyen",
    "Okafor",
    "Pereira",
    "Quintero",
    "Rivera",
    "Santos",
    "Tran",
    "Umeh",
    "Vargas",
    "Walsh",
    "Xavier",
    "Young",
    "Zapata",
    "Brennan",
    "Castillo",
    "Diallo",
    "Evans",
]

AIMS = [
    (
        "By the end of the collaborative, 85% of participating classrooms will hold a daily "
        "feelings check-in.",
        "checkin",
        "85",
    ),
    (
        "By the end of the collaborative, challenging-behavior incidents will fall by a third from baseline.",
        "incidents",
        None,
    ),
]

# Primary driver → secondary drivers → change ideas (all in our own words).
FRAMEWORK = [
    (
        "Nurturing, responsive and supportive relationships and environments",
        [
            (
                "Predictable, calm daily routines",
                [
                    "Visual daily schedule at children's eye level",
                    "Two-minute warning song before transitions",
                    "Calm-down corner with choice cards",
                ],
            ),
            (
                "Warm, individual connection with every child",
                [
                    "Daily one-on-one greeting at the door",
                    "Two-by-ten conversations with a child who struggles",
                ],
            ),
        ],
    ),
    (
        "Teaching social skills and emotional competencies",
        [
            (
                "Naming and understanding feelings",
                [
                    "Morning feelings check-in chart",
                    "Feelings word of the week",
                    "Emotion faces in read-alouds",
                ],
            ),
            (
                "Friendship and problem-solving skills",
                [
                    "Solution kit practiced at circle time",
                    "Puppet role-plays of sharing and turn-taking",
                ],
            ),
        ],
    ),
    (
        "Family partnership",
        [
            (
                "Two-way communication with families",
                [
                    "Weekly positive note or photo home",
                    "Family feelings chart to use at home",
                ],
            ),
            (
                "Families as team members",
                [
                    "Family member co-leads a team meeting",
                    "Home-language welcome for new families",
                ],
            ),
        ],
    ),
    (
        "Racial equity and cultural responsiveness",
        [
            (
                "Reflecting children's cultures and languages",
                [
                    "Books and songs from children's home cultures",
                    "Key feelings words in every home language",
                ],
            ),
            (
                "Fair responses to behavior",
                [
                    "Review behavior incidents by child group monthly",
                    "Pause-and-reflect step before removing a child",
                ],
            ),
        ],
    ),
    (
        "Organizational capacity and support for SEL practices",
        [
            (
                "Reflective supervision and coaching",
                [
                    "Monthly reflective supervision for each teacher",
                    "Peer observation with one focus practice",
                ],
            ),
            (
                "Time and structures for improvement",
                [
                    "Protected half hour for the team each week",
                    "SEL practice on every staff meeting agenda",
                ],
            ),
        ],
    ),
]

# code, name, kind, unit, better, goal, multiplier, driver index, definition, numerator, denominator
MEASURES = [
    (
        "checkin",
        "Classrooms holding a daily feelings check-in",
        "process",
        "percent",
        "up",
        "85",
        100,
        1,
        "Share of classroom-days on which children took part in a feelings check-in.",
        "Classroom-days with a check-in recorded on the classroom log",
        "Classroom-days the classroom was open",
    ),
    (
        "lessons",
        "Planned social-skills lessons delivered",
        "process",
        "percent",
        "up",
        "80",
        100,
        1,
        "Share of planned weekly social-skills lessons that took place.",
        "Lessons delivered as planned",
        "Lessons planned for the month",
    ),
    (
        "family_notes",
        "Families receiving a positive note each week",
        "process",
        "percent",
        "up",
        "75",
        100,
        2,
        "Share of family-weeks with at least one positive note, photo or message sent home.",
        "Family-weeks with a positive note",
        "Enrolled families × weeks in the month",
    ),
    (
        "incidents",
        "Challenging-behavior incidents per 100 child-days",
        "outcome",
        "rate",
        "down",
        "2",
        100,
        0,
        "Behavior incident reports filed, per 100 days of child attendance.",
        "Incident reports filed",
        "Child-days of attendance",
    ),
    (
        "removals",
        "Children removed from the group",
        "outcome",
        "count",
        "down",
        "0",
        1,
        3,
        "Times a child was sent home or taken out of the group because of behavior.",
        "",
        "",
    ),
    (
        "supported",
        "Teachers feeling supported in SEL practice",
        "outcome",
        "mean",
        "up",
        "4",
        1,
        4,
        "Mean of the monthly one-question pulse (1 = not at all, 5 = fully supported) among teaching staff.",
        "",
        "",
    ),
    (
        "stress",
        "Teacher-reported stress",
        "balancing",
        "mean",
        "down",
        "2.5",
        1,
        4,
        "Mean of the monthly one-question stress pulse (1 = very low, 5 = very high); "
        "watched so changes do not overload staff.",
        "",
        "",
    ),
    (
        "meetings",
        "Team meetings held",
        "process",
        "count",
        "up",
        "4",
        1,
        4,
        "Number of improvement-team meetings held in the month.",
        "",
        "",
    ),
]

PLAN_TEMPLATES = [
    (
        "Try the change in one classroom for one week.",
        "Will children respond within the first days?",
        "Most children will join in by the third day.",
    ),
    (
        "Extend it to a second classroom and to afternoons.",
        "Does it hold up with different staff?",
        "It will work as well, with a few reminders.",
    ),
    (
        "Try it across the program for two weeks.",
        "Can every classroom keep it up without extra help?",
        "Most rooms will keep it up; one may need coaching.",
    ),
]
PLAN_WHAT = "The change as the team wrote it up, kept small enough for one week"
DO_NOTES = [
    "Carried out as planned on most days; one day missed for a field trip.",
    "Started late because of staff absences, then ran daily.",
    "Children asked for it on the days it was skipped.",
    "Families asked how to do the same at home.",
]
STUDY_NOTES = [
    "Results matched the prediction: participation rose within the week.",
    "Better than predicted for older children, weaker for toddlers.",
    "Fewer than predicted joined in; timing clashed with arrival.",
    "About as predicted; staff found it easy once it was routine.",
]
