"""Stub: being written."""
from django.http import Http404

def workspace(request, *args, **kwargs):
    raise Http404


def review_queue(request, *args, **kwargs):
    raise Http404


def dataset_create(request, *args, **kwargs):
    raise Http404


def dataset_manage(request, *args, **kwargs):
    raise Http404


def dataset_edit(request, *args, **kwargs):
    raise Http404


def resource_create(request, *args, **kwargs):
    raise Http404


def resource_edit(request, *args, **kwargs):
    raise Http404


def resource_upload(request, *args, **kwargs):
    raise Http404


def dataset_transition(request, *args, **kwargs):
    raise Http404


def organization_manage(request, *args, **kwargs):
    raise Http404


