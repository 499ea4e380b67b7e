from django.http import JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from vplan.api.api import api


def unknown_endpoint(request, rest: str = ""):
    return JsonResponse(
        {
            "detail": _("No such API endpoint: %(path)s (see /api/openapi.json).")
            % {"path": request.path},
            "code": "not_found",
            "errors": {},
        },
        status=404,
    )


urlpatterns = [path("", api.urls), re_path(r"^(?P<rest>.*)$", unknown_endpoint)]
