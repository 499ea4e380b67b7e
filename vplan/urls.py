from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("vplan.api.urls")),
    path("import/", include("vplan.imports.urls")),
    path("reports/", include("vplan.reports.urls")),
    path("objectplans/", include("vplan.objectplans.urls")),
    path("lineage/", include("vplan.lineage.urls")),
    path("search/", include("vplan.search.urls")),
    path("overviews/", include("vplan.overviews.urls")),
    path("organisation/", include("vplan.organisation.urls")),
    path("", include("vplan.front.urls")),
    path("", include("vplan.plans.urls")),
    path("", include("vplan.followups.urls")),
]
