from django.urls import path

from vplan.signin import sso_views, views

app_name = "signin"

urlpatterns = [
    path("authenticate/", sso_views.SignInWithProvider.as_view(), name="start"),
    path("callback/", sso_views.ReturnFromProvider.as_view(), name="callback"),
    path("mappings/", views.mappings_index, name="mappings_index"),
    path("mappings/<int:pk>/", views.mappings, name="mappings"),
    path("mappings/remove/<int:pk>/", views.remove_mapping, name="remove_mapping"),
]
