"""Access rules for the training app's learning URLs, for the access matrix
(``tests/config/test_access_matrix.py`` imports ``RULES``).

The training pages themselves (index, modules, lessons) are Wagtail pages, served by Wagtail's
catch-all pattern; their own rules are tested in ``tests/training/test_lesson_pages.py``.
"""

from __future__ import annotations

import re
import uuid

from people.roles import Role
from tests.access import Rule, roles

# Who has a portal home, and who may use the lessons (editors read them to check the content).
PORTAL = roles(Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF, Role.ADMINISTRATOR)
LEARNING = roles(Role.COORDINATOR, Role.COACH, Role.REGIONAL_STAFF, Role.EDITOR, Role.ADMINISTRATOR)
SAMPLE_LESSON_KEY = uuid.UUID("4b0f6a53-2d55-4a53-9b0e-6f3c5f1a7d21")


def coordinator_attempt_url(personas: dict) -> str:
    """A quiz attempt of the persona "coordinator" (the same one for every persona)."""
    from training.models import QuizAttempt

    attempt, _ = QuizAttempt.objects.get_or_create(
        user=personas["coordinator"],
        lesson_key=SAMPLE_LESSON_KEY,
        block_id="quiz1",
        defaults={
            "answers": {"q1": ["a1"]},
            "correct_count": 1,
            "question_count": 1,
            "score": 100,
            "pass_mark": 50,
            "passed": True,
        },
    )
    return f"/portaal/pogingen/{attempt.pk}/"


# fmt: off
RULES: list[Rule] = [
    # Exactly /portaal/: the portal's other pages (training days, certificates) have their own rows.
    Rule(re.compile(r"portaal/$"), PORTAL, ["/portaal/"],
         why="the volunteer's home; editors have none"),
    Rule("portaal/lessen/<int:pk>/voltooien/", LEARNING,
         why="POST only (complete a lesson); anonymous: log-in, GET: 405"),
    Rule("portaal/lessen/<int:pk>/quiz/<str:block_id>/", LEARNING,
         why="POST only (a quiz attempt); anonymous: log-in, GET: 405"),
    Rule("portaal/lessen/<int:pk>/reflectie/<str:block_id>/", LEARNING,
         why="POST only (a reflection answer); anonymous: log-in, GET: 405"),
    Rule("portaal/pogingen/<int:pk>/", LEARNING, [coordinator_attempt_url],
         only=frozenset({"coordinator"}),
         why="a quiz attempt: its owner only, staff and coaches too get a 404"),
]
# fmt: on
