"""PLACEHOLDER: being written (issue 4)."""
from django.http import Http404
from django.views import View

def certificate_pdf(request, *args, **kwargs):
    raise Http404


def certificate_revoke(request, *args, **kwargs):
    raise Http404


def certificate_lookup(request, *args, **kwargs):
    raise Http404


def certificate_verify(request, *args, **kwargs):
    raise Http404
