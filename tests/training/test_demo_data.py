"""training's demo data files: every file reads, every language has the same modules, lessons,
block ids and quizzes, a broken file names itself, and seeding twice changes nothing."""

from __future__ import annotations

import random
import shutil

import pytest
import yaml

from people import demo as people_demo
from people.models import OutboxMessage, User
from training import demo
from training.demo import content, recruitment
from training.demo.data import DATA_DIR, DemoDataError, read
from training.models import (
    Application,
    ApplicationStep,
    Certificate,
    LessonPage,
    LessonProgress,
    ModulePage,
    QuizAttempt,
    ReflectionAnswer,
    Reminder,
    RenewalActivity,
    Track,
    TrackEnrolment,
    TrainingDay,
    TrainingDayEnrolment,
)


@pytest.mark.parametrize("path", sorted(DATA_DIR.rglob("*.yaml")), ids=lambda path: path.name)
def test_every_data_file_reads(path):
    assert read(path)


def test_every_language_has_the_same_modules_lessons_blocks_and_quizzes():
    languages = content.content()
    source = content.skeleton(languages["nl"])

    assert set(languages) == {"nl", "fr", "en"}
    assert list(languages["nl"].modules) == content.MODULES
    assert len(languages["nl"].lessons) == 17
    for code in ("fr", "en"):
        assert content.skeleton(languages[code]) == source, code
        assert list(languages[code].lessons) == list(languages["nl"].lessons)
        # Texts are translated: no title is left in Dutch.
        for key, lesson in languages[code].lessons.items():
            assert lesson["title"] != languages["nl"].lessons[key]["title"], (code, key)


def test_every_language_folder_holds_the_index_and_the_modules_and_nothing_else():
    expected = {"index.yaml", *(f"{key}.yaml" for key in content.MODULES)}
    for code in content.LANGUAGES:
        files = {path.name for path in (content.LEARNING_DIR / code).iterdir()}
        assert files == expected, code


def test_every_quiz_has_a_right_answer_and_feedback_for_each_answer():
    for lesson in content.content()["nl"].lessons.values():
        for block in lesson["body"]:
            if block["type"] != "quiz":
                continue
            for question in block["value"]["questions"]:
                answers = [answer["value"] for answer in question["value"]["answers"]]
                assert any(answer["correct"] for answer in answers), question["id"]
                assert all(answer["feedback"] for answer in answers), question["id"]


def test_the_quiz_answers_helper_reads_the_data():
    block_id, answers, correct = content.quiz_answers("m1-l3")

    assert block_id == "m1-l3-quiz"
    assert answers["m1q2"] == ["m1q2a", "m1q2b"] and correct == 4


def test_the_recruitment_page_has_the_same_calls_in_every_language():
    regions = [call["region"] for call in recruitment.settings()["calls"]]
    for code in content.LANGUAGES:
        texts = recruitment.texts(code)
        assert [call["region"] for call in texts["calls"]] == regions, code
        assert texts["page"]["body"] and texts["motivations"], code


@pytest.fixture
def learning_copy(tmp_path):
    target = tmp_path / "learning"
    shutil.copytree(content.LEARNING_DIR, target)
    return target


def test_a_file_that_is_not_yaml_gives_an_error_naming_the_file(learning_copy):
    broken = learning_copy / "fr" / "m2.yaml"
    broken.write_text("key: m2\nbody: [unclosed\n", encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"fr/m2\.yaml: not valid YAML"):
        content.read_language("fr", learning_copy)


def test_a_block_without_its_text_gives_an_error_naming_the_file_and_the_block(learning_copy):
    path = learning_copy / "en" / "m3.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["lessons"][0]["body"][0]["steps"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with pytest.raises(DemoDataError, match=r"en/m3\.yaml: block 'm3-l1-route' has no 'steps'"):
        content.read_language("en", learning_copy)


def test_a_missing_module_file_gives_an_error_naming_it(learning_copy):
    (learning_copy / "nl" / "coach.yaml").unlink()

    with pytest.raises(DemoDataError, match=r"nl/coach\.yaml: cannot be read"):
        content.read_language("nl", learning_copy)


COUNTED = [
    ModulePage,
    LessonPage,
    Track,
    TrackEnrolment,
    TrainingDay,
    TrainingDayEnrolment,
    LessonProgress,
    QuizAttempt,
    ReflectionAnswer,
    Certificate,
    Reminder,
    RenewalActivity,
    Application,
    ApplicationStep,
    User,
]


def _snapshot() -> dict:
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED},
        "attempts": sorted(
            QuizAttempt.objects.values_list("user__email", "block_id", "passed", "created_at")
        ),
        "progress": sorted(
            LessonProgress.objects.values_list(
                "user__email", "lesson__url_path", "first_opened_at", "completed_at"
            )
        ),
        "seats": sorted(
            TrainingDayEnrolment.objects.values_list(
                "user__email", "day__title", "status", "attended", "created_at"
            )
        ),
        "certificates": sorted(
            Certificate.objects.values_list("user__email", "issued_on", "revoked_at")
        ),
    }


@pytest.mark.django_db
def test_seeding_twice_changes_nothing_and_sends_nothing(home_page, mailoutbox):
    people_demo.seed(rng=random.Random(2026))
    demo.seed(rng=random.Random(2026))
    before = _snapshot()

    result = demo.seed(rng=random.Random(7))

    assert _snapshot() == before
    assert result.applications_created == 0 and result.learning_pages_created == 0
    assert before["counts"]["QuizAttempt"] > 200 and before["counts"]["Certificate"] > 40
    assert mailoutbox == []
    assert not OutboxMessage.objects.exists()
