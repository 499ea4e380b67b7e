from django.db import models

from vplan.plans.end_dates import EndDate


class EndDateField(models.CharField):
    """Stores an EndDate as the text the documents write; empty means no end date."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return EndDate(value) if value else None

    def to_python(self, value):
        if value is None or isinstance(value, EndDate):
            return value
        return EndDate(value) if str(value).strip() else None

    def get_prep_value(self, value):
        return "" if value is None else str(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))
