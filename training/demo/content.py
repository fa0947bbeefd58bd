"""The e-learning's texts, read from ``data/learning/<language>/<module>.yaml``, and turned into
the raw StreamField data Wagtail stores, with the files' fixed block ids.

A block in a data file names its ``type`` and ``id`` and gives its fields flat (see the files'
own header). Answers to a quiz question get the ids ``<question>a``, ``<question>b``, ... in
order, the steps of a route ``<block>-1``, ``<block>-2``, ...: the same in every language, so an
answer given on the Dutch lesson belongs to the same question on the French one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from training.demo.data import DATA_DIR, DemoDataError, read
from training.demo.data import field as need

SOURCE = "nl"
LANGUAGES = ("nl", "fr", "en")
# The modules of the basic training, in order; each needs the one before it.
BASIC_MODULES = ["m1", "m2", "m3", "m4", "m5"]
REFRESHER_MODULE = "m5"
COACH_MODULES = ["coach"]
MODULES = [*BASIC_MODULES, *COACH_MODULES]
LEARNING_DIR = DATA_DIR / "learning"


@dataclass
class Language:
    """The training's pages in one language: each a dict of ``slug``, ``title``, ``intro``,
    ``body`` (raw StreamField data) and, for modules and lessons, ``key`` and ``duration``."""

    index: dict
    modules: dict[str, dict] = field(default_factory=dict)  # by key, in order
    lessons: dict[str, dict] = field(default_factory=dict)  # by key, in order


def _item(values: dict) -> dict:
    return {"type": "item", **values}


def _block(spec: dict, path: Path, where: str) -> dict:
    """One block in Wagtail's raw form. Without an ``id`` Wagtail gives the block (and its
    steps) random ids when the page is saved."""
    kind = need(spec, "type", path, where)
    block_id = spec.get("id")
    where = f"block {block_id!r}" if block_id else where

    def get(name: str, item: dict = spec, at: str = where):
        return need(item, name, path, at)

    if kind == "heading":
        value = {"text": get("text"), "level": spec.get("level", "h2")}
    elif kind == "paragraph":
        value = get("html")
    elif kind == "quote":
        value = {"quote": get("quote"), "attribution": spec.get("attribution", "")}
    elif kind == "route":
        steps = [
            {"title": get("title", step, at), "text": get("text", step, at)}
            for n, step in enumerate(get("steps"), start=1)
            for at in [f"{where}, step {n}"]
        ]
        if block_id:
            steps = [
                _item({"id": f"{block_id}-{n}", "value": step})
                for n, step in enumerate(steps, start=1)
            ]
        value = {"heading": get("heading"), "steps": steps}
    elif kind == "reflection":
        value = {"question": get("question"), "help_text": get("help_text")}
    elif kind == "quiz":
        value = {
            "title": get("title"),
            "intro": get("intro"),
            "pass_mark": spec.get("pass_mark", 70),
            "questions": [_question(question, path, where) for question in get("questions")],
        }
    else:
        raise DemoDataError(f"{path}: {where} has an unknown type {kind!r}")
    return {"type": kind, "value": value, **({"id": block_id} if block_id else {})}


def _question(spec: dict, path: Path, where: str) -> dict:
    question_id = need(spec, "id", path, f"a question of {where}")
    at = f"question {question_id!r}"
    answers = []
    for letter, answer in zip("abcdefgh", need(spec, "answers", path, at), strict=False):
        answer_at = f"answer {question_id}{letter}"
        answers.append(
            _item(
                {
                    "id": f"{question_id}{letter}",
                    "value": {
                        "text": need(answer, "text", path, answer_at),
                        "correct": bool(answer.get("correct", False)),
                        "feedback": answer.get("feedback", ""),
                    },
                }
            )
        )
    return _item(
        {
            "id": question_id,
            "value": {
                "question": need(spec, "question", path, at),
                "kind": spec.get("kind", "single"),
                "answers": answers,
            },
        }
    )


def blocks(specs: list, path: Path, where: str) -> list[dict]:
    """The raw StreamField data of a list of blocks in a data file."""
    return [_block(block, path, f"{where}, block {n}") for n, block in enumerate(specs, start=1)]


def _page(spec: dict, path: Path, where: str) -> dict:
    page = {name: need(spec, name, path, where) for name in ("slug", "title", "intro")}
    page["body"] = blocks(need(spec, "body", path, where), path, where)
    if "key" in spec:
        page["key"] = spec["key"]
    if "duration" in spec:
        page["duration"] = spec["duration"]
    return page


def read_language(language: str, directory: Path = LEARNING_DIR) -> Language:
    """The training's pages in ``language``, from ``directory/<language>/``."""
    folder = directory / language
    path = folder / "index.yaml"
    result = Language(index=_page(read(path) or {}, path, "the training index"))
    for key in MODULES:
        path = folder / f"{key}.yaml"
        spec = read(path) or {}
        module = _page(spec, path, f"module {key!r}")
        if module.get("key") != key:
            raise DemoDataError(f"{path}: the module's key should be {key!r}")
        result.modules[key] = module
        for n, lesson_spec in enumerate(need(spec, "lessons", path, f"module {key!r}"), start=1):
            lesson = _page(lesson_spec, path, f"lesson {n}")
            lesson_key = need(lesson, "key", path, f"lesson {n}")
            lesson["module"] = key
            result.lessons[lesson_key] = lesson
    return result


@functools.cache
def content() -> dict[str, Language]:
    """Every language's pages, read once."""
    return {language: read_language(language) for language in LANGUAGES}


def skeleton(language: Language) -> list:
    """What must be the same in every language: the pages' keys, durations and block ids, and
    the quizzes' questions, answers and right answers. Texts and slugs may differ."""

    def shape(value):
        if isinstance(value, dict):
            kept = {k: shape(v) for k, v in value.items() if k in ("type", "id", "value")}
            if "correct" in value or "pass_mark" in value or "kind" in value:
                kept.update(
                    {k: value[k] for k in ("correct", "pass_mark", "kind", "level") if k in value}
                )
            return kept or None
        if isinstance(value, list):
            return [shape(item) for item in value]
        return None

    pages = [language.index, *language.modules.values(), *language.lessons.values()]
    return [
        (page.get("key"), page.get("module"), page.get("duration"), shape(page["body"]))
        for page in pages
    ]


# --- Reading the content back (for the demo's progress and quiz attempts) ---------------------


def lesson_spec(key: str) -> dict:
    return content()[SOURCE].lessons[key]


def quiz_spec(lesson_key: str) -> dict | None:
    """The lesson's quiz block (raw, Dutch), or None."""
    return next((b for b in lesson_spec(lesson_key)["body"] if b["type"] == "quiz"), None)


def reflection_spec(lesson_key: str) -> dict:
    return next(b for b in lesson_spec(lesson_key)["body"] if b["type"] == "reflection")


def quiz_answers(lesson_key: str, *, wrong: int = 0) -> tuple[str, dict[str, list[str]], int]:
    """(block id, answers by question id, correct count) of an attempt at the lesson's quiz:
    all right, except the first ``wrong`` questions answered with their first wrong answer."""
    block = quiz_spec(lesson_key)
    if block is None:
        raise LookupError(lesson_key)
    answers = {}
    for n, item in enumerate(block["value"]["questions"]):
        options = item["value"]["answers"]
        if n < wrong:
            chosen = [next(option["id"] for option in options if not option["value"]["correct"])]
        else:
            chosen = [option["id"] for option in options if option["value"]["correct"]]
        answers[item["id"]] = chosen
    questions = len(block["value"]["questions"])
    return block["id"], answers, questions - min(wrong, questions)


def basic_lessons() -> list[str]:
    """The keys of the basic training's lessons, in order."""
    return [
        key
        for key, lesson in content()[SOURCE].lessons.items()
        if lesson["module"] in BASIC_MODULES
    ]
