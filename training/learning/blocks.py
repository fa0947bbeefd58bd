"""The blocks of a lesson: cms's shared blocks plus a downloadable document, a reflection question
and a quiz, and the quiz's questions read from a quiz block (``quiz_questions``).

Answers to reflection questions and quizzes are stored against the block's id (``block.id`` of
the StreamField child, and the ids of the quiz's questions and answers in its ListBlocks). Wagtail
keeps these ids when a page is edited or copied for translation, so an answer given on the Dutch
lesson still belongs to the same question on the French one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from cms.blocks import (
    SHORT_RICH_TEXT_FEATURES,
    HeadingBlock,
    ImageBlock,
    ParagraphBlock,
    QuoteBlock,
    RouteBlock,
    VideoBlock,
)


class DocumentBlock(blocks.StructBlock):
    """A file to download (a form, a checklist, the slides of a training day)."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the document's own title."),
    )
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document to download")
        template = "training/blocks/document_block.html"


class ReflectionBlock(blocks.StructBlock):
    """A question the volunteer answers in their own words; only they can read the answer."""

    question = blocks.CharBlock(label=_("question"), max_length=300)
    help_text = blocks.TextBlock(
        label=_("guidance"),
        required=False,
        help_text=_("What could help to answer, e.g. think of a family you know."),
    )

    class Meta:
        icon = "openquote"
        label = _("Reflection question")
        template = "training/blocks/reflection_block.html"


class QuizAnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("feedback"),
        required=False,
        help_text=_("Shown after the attempt when this answer was chosen: why it is right or not."),
    )

    class Meta:
        icon = "tick"
        label = _("Answer")


class QuizQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=300)
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[
            ("single", _("One answer is correct")),
            ("multiple", _("Several answers can be correct")),
        ],
        default="single",
    )
    answers = blocks.ListBlock(QuizAnswerBlock(), label=_("answers"), min_num=2)

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for answer in value["answers"] if answer["correct"])
        if correct == 0:
            message = _("Mark at least one answer as correct.")
            raise StructBlockValidationError(block_errors={"answers": ValidationError(message)})
        if value["kind"] == "single" and correct > 1:
            message = _("A question with one correct answer can have only one answer marked.")
            raise StructBlockValidationError(block_errors={"answers": ValidationError(message)})
        return value

    class Meta:
        icon = "help"
        label = _("Question")


class QuizBlock(blocks.StructBlock):
    """Questions with single or multiple choice, feedback per answer and a pass mark."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    intro = blocks.RichTextBlock(
        label=_("intro"), features=SHORT_RICH_TEXT_FEATURES, required=False
    )
    pass_mark = blocks.IntegerBlock(
        label=_("pass mark (%)"),
        min_value=1,
        max_value=100,
        default=80,
        help_text=_("The share of questions to answer correctly to pass."),
    )
    questions = blocks.ListBlock(QuizQuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Quiz")
        template = "training/blocks/quiz_block.html"


LESSON_BLOCKS = [
    ("heading", HeadingBlock()),
    ("paragraph", ParagraphBlock()),
    ("image", ImageBlock()),
    ("quote", QuoteBlock()),
    ("video", VideoBlock()),
    ("route", RouteBlock()),
    ("document", DocumentBlock()),
    ("reflection", ReflectionBlock()),
    ("quiz", QuizBlock()),
]


@dataclass
class QuizAnswerOption:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass
class QuizQuestion:
    id: str
    text: str
    kind: str
    answers: list[QuizAnswerOption]

    @property
    def correct_ids(self) -> set[str]:
        return {answer.id for answer in self.answers if answer.correct}


def quiz_questions(quiz_block) -> list[QuizQuestion]:
    """The questions of a quiz block (a StreamField child) with their ids."""
    questions = []
    for item in quiz_block.value["questions"].bound_blocks:
        value = item.value
        questions.append(
            QuizQuestion(
                id=str(item.id),
                text=value["question"],
                kind=value["kind"] or "single",
                answers=[
                    QuizAnswerOption(
                        id=str(answer.id),
                        text=answer.value["text"],
                        correct=bool(answer.value["correct"]),
                        feedback=answer.value["feedback"] or "",
                    )
                    for answer in value["answers"].bound_blocks
                ],
            )
        )
    return questions
