"""PLACEHOLDER: being written (issue 4)."""
from django.http import Http404
from django.views import View

def portal_home(request, *args, **kwargs):
    raise Http404


def training_day_list(request, *args, **kwargs):
    raise Http404


def training_day_detail(request, *args, **kwargs):
    raise Http404


def training_day_enrol(request, *args, **kwargs):
    raise Http404


def training_day_cancel(request, *args, **kwargs):
    raise Http404


def training_day_ics(request, *args, **kwargs):
    raise Http404


def training_day_create(request, *args, **kwargs):
    raise Http404


def training_day_update(request, *args, **kwargs):
    raise Http404


def training_day_attendance(request, *args, **kwargs):
    raise Http404


class TrainingDayManageList(View):
    def get(self, request, *args, **kwargs):
        raise Http404
