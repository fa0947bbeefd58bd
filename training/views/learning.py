"""PLACEHOLDER: being written (issue 4)."""
from django.http import Http404
from django.views import View

def lesson_complete(request, *args, **kwargs):
    raise Http404


def quiz_submit(request, *args, **kwargs):
    raise Http404


def reflection_save(request, *args, **kwargs):
    raise Http404


def quiz_attempt_detail(request, *args, **kwargs):
    raise Http404


def learning_page_serve(request, page, serve, *args, **kwargs):
    return serve(request, *args, **kwargs)
