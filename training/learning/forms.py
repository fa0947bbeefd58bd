"""The forms of a lesson: a quiz (its fields built from the quiz block, one per question) and a
reflection question. The service (``training.learning.services``) checks the answers again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.blocks import StreamValue

from training.learning.blocks import QuizQuestion, quiz_questions
from training.learning.models import REFLECTION_MAX_LENGTH


class QuizForm(forms.Form):
    """One field per question, named by the question's id; the choices' values are the answers'
    ids. A radio button group for a single-choice question, check boxes for a multiple one."""

    def __init__(self, quiz_block: StreamValue.StreamChild, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"quiz-{quiz_block.id}-%s")
        super().__init__(*args, **kwargs)
        self.block_id = quiz_block.id
        self.questions: list[QuizQuestion] = quiz_questions(quiz_block)
        for number, question in enumerate(self.questions, start=1):
            choices = [(answer.id, answer.text) for answer in question.answers]
            errors = {
                "required": _("Answer this question."),
                "invalid_choice": _("This answer does not belong to this question."),
            }
            label = _("Question %(number)s: %(question)s") % {
                "number": number,
                "question": question.text,
            }
            if question.kind == "multiple":
                field: forms.ChoiceField = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Several answers can be correct: tick every correct one."),
                    error_messages={**errors, "required": _("Tick at least one answer.")},
                )
            else:
                field = forms.ChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages=errors,
                )
            self.fields[question.id] = field

    def answers(self) -> dict[str, list[str]]:
        """The cleaned answers as the service takes them: {question id: [answer id, ...]}."""
        result: dict[str, list[str]] = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.id)
            if value in (None, "", []):
                result[question.id] = []
            elif isinstance(value, list | tuple):
                result[question.id] = [str(item) for item in value]
            else:
                result[question.id] = [str(value)]
        return result


class ReflectionForm(forms.Form):
    text = forms.CharField(
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only you can read your answer: not your coach, not the staff."),
        error_messages={"required": _("Write an answer before you save it.")},
    )

    def __init__(
        self, reflection_block: StreamValue.StreamChild, *args: Any, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", f"reflection-{reflection_block.id}-%s")
        super().__init__(*args, **kwargs)
        self.block_id = reflection_block.id
        self.fields["text"].label = reflection_block.value["question"]
        guidance = reflection_block.value.get("help_text")
        if guidance:
            # Help text is rendered unescaped by the form template: escape the editor's text.
            self.fields["text"].help_text = format_html(
                "{} {}", guidance, self.fields["text"].help_text
            )
