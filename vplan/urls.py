from django.contrib import admin
from django.urls import include, path

from vplan.api import token_views
from vplan.front import views as front_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/tokens/", token_views.api_tokens, name="api_tokens"),
    path(
        "accounts/tokens/<int:pk>/revoke/",
        token_views.revoke_api_token_page,
        name="api_token_revoke",
    ),
    # Password reset only where e-mail is configured (VPLAN_EMAIL_URL); else a page that says so.
    path("accounts/password_reset/", front_views.password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", include("vplan.api.urls")),
    path("import/", include("vplan.imports.urls")),
    path("reports/", include("vplan.reports.urls")),
    path("jobs/", include("vplan.jobs.urls")),
    path("objectplans/", include("vplan.objectplans.urls")),
    path("lineage/", include("vplan.lineage.urls")),
    path("search/", include("vplan.search.urls")),
    path("overviews/", include("vplan.overviews.urls")),
    path("organisation/", include("vplan.organisation.urls")),
    path("audit/", include("vplan.audit.urls")),
    path("sso/", include("vplan.signin.urls")),
    path("", include("vplan.front.urls")),
    path("", include("vplan.plans.urls")),
    path("", include("vplan.followups.urls")),
]
