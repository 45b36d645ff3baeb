"""Stub: being written."""
from django.http import Http404

def home(request, *args, **kwargs):
    raise Http404


def search(request, *args, **kwargs):
    raise Http404


def dataset_detail(request, *args, **kwargs):
    raise Http404


def resource_detail(request, *args, **kwargs):
    raise Http404


def organization_list(request, *args, **kwargs):
    raise Http404


def organization_detail(request, *args, **kwargs):
    raise Http404


def theme_list(request, *args, **kwargs):
    raise Http404


def theme_detail(request, *args, **kwargs):
    raise Http404


