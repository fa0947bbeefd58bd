"""PLACEHOLDER: being written (issue 4)."""
from django.http import Http404
from django.views import View

def volunteer_detail(request, *args, **kwargs):
    raise Http404


def volunteer_sign_off(request, *args, **kwargs):
    raise Http404


class StaffVolunteerList(View):
    def get(self, request, *args, **kwargs):
        raise Http404


class CoachVolunteerList(View):
    def get(self, request, *args, **kwargs):
        raise Http404
