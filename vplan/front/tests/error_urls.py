"""Vplan's URLs plus three views that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from vplan.urls import urlpatterns as vplan_urlpatterns


def refuse(request):
    raise PermissionDenied


def bad_request(request):
    raise SuspiciousOperation("a malformed request")


def fail(request):
    raise RuntimeError("something broke")


urlpatterns = [
    path("test-errors/403/", refuse),
    path("test-errors/400/", bad_request),
    path("test-errors/500/", fail),
    *vplan_urlpatterns,
]
