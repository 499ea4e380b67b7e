from django.urls import path

from vplan.api.api import api

urlpatterns = [path("", api.urls)]
