from django.urls import path

from vplan.reports import views

app_name = "reports"

urlpatterns = [
    path("rounds/<int:round_id>/", views.report_page, name="page"),
    path("rounds/<int:round_id>/download/<str:format>/", views.download, name="download"),
    path("rounds/<int:round_id>/send/", views.send, name="send"),
    path("rounds/<int:round_id>/sent/", views.sent_list, name="sent_list"),
    path("sent/<int:sent_id>/", views.sent_download, name="sent_download"),
    path("rounds/<int:round_id>/template/", views.word_template, name="template"),
    path(
        "rounds/<int:round_id>/template/default/",
        views.use_default_template,
        name="use_default_template",
    ),
]
