"""The project's URLs with the boards page mounted where vplan/urls.py is to mount it
(`path("organisation/", include("vplan.organisation.urls"))`), for the tests of the page; once
the project mounts it, this adds nothing."""

from django.urls import include, path

from vplan.urls import urlpatterns as project_urlpatterns

MOUNTED = any(
    getattr(pattern, "namespace", None) == "organisation" for pattern in project_urlpatterns
)

urlpatterns = [
    *([] if MOUNTED else [path("organisation/", include("vplan.organisation.urls"))]),
    *project_urlpatterns,
]
