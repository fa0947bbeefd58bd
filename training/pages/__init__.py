"""The training app's Wagtail pages: the recruitment page, and the training index with its modules
and lessons."""

from training.pages.learning import LessonPage, ModulePage, TrainingIndexPage
from training.pages.recruitment import RecruitmentCall, RecruitmentPage

__all__ = ["LessonPage", "ModulePage", "RecruitmentCall", "RecruitmentPage", "TrainingIndexPage"]
