from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "vplan.followups"
    label = "followups"
