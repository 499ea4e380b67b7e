"""Forms of the follow-up pages: one status report per row of the entry grid."""

from django import forms
from django.utils.translation import gettext_lazy as _


class StatusReportForm(forms.Form):
    """Status and comment for one activity, on top of the version the author saw."""

    status = forms.TypedChoiceField(label=_("Status"), coerce=int)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, statuses, **kwargs):
        """`statuses`: the Status rows to offer, loaded once for the whole grid."""
        super().__init__(*args, **kwargs)
        self.statuses = {status.pk: status for status in statuses}
        self.fields["status"].choices = [("", _("Choose a status"))] + [
            (status.pk, status.name) for status in statuses
        ]

    def clean_status(self):
        return self.statuses[self.cleaned_data["status"]]


class GridFilterForm(forms.Form):
    """Which rows the entry grid shows: a GET form kept in the URL."""

    board = forms.TypedChoiceField(label=_("Board"), required=False, coerce=int)
    mine = forms.BooleanField(label=_("Only activities I may report on"), required=False)
    missing = forms.BooleanField(label=_("Only activities without a status"), required=False)

    def __init__(self, data, *, boards):
        super().__init__(data)
        self.boards = {board.pk: board for board in boards}
        self.fields["board"].choices = [("", _("All boards"))] + [
            (board.pk, f"{board.display_code} – {board.name}") for board in boards
        ]
        self.is_valid()

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def keeps(self, row) -> bool:
        data = self.cleaned_data
        if data.get("board") in self.boards and not any(
            board.pk == data["board"] for board in row.activity.boards.all()
        ):
            return False
        if data.get("mine") and not row.can_edit:
            return False
        return not (data.get("missing") and row.report is not None)

    def keeps_published(self, row) -> bool:
        """The same filters on a row of a published round (boards as published)."""
        data = self.cleaned_data
        board = self.boards.get(data.get("board"))
        if board is not None and board.display_code not in row.boards:
            return False
        return not (data.get("missing") and row.has_status)


class RoundForm(forms.Form):
    """A new follow-up round of a plan."""

    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        help_text=_("As the report is titled, e.g. “Uppföljning per 31 mars”."),
    )
    as_of = forms.DateField(
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the statuses describe."),
    )
    reporting_deadline = forms.DateField(
        label=_("Reporting deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day for the activity owners to report."),
    )
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The report's introduction; empty gives the standard text with the date."),
    )
