from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "vplan.exchange"
    label = "exchange"
