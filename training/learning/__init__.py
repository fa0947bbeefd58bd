"""The e-learning: tracks (the learning path), the training index, modules and lessons as
Wagtail pages, their blocks and quizzes, and a volunteer's progress through them."""
