"""Forms of the follow-up pages: one status report per row of the entry grid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.followups.entry_grid import GridFilter, shorten


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


FILTER_NAMES = ("board", "goal", "mine", "missing", "q")


class GridFilterForm(forms.Form):
    """Which rows the entry grid shows: a GET form kept in the URL (and in its page links).

    A URL without any filter gets the default view (`default`): what the person can act on,
    the rows they may report on, or else the rows of the plan's first board.
    """

    board = forms.TypedChoiceField(label=_("Board"), required=False, coerce=int)
    goal = forms.ChoiceField(label=_("Goal"), required=False)
    mine = forms.BooleanField(label=_("Only activities I may report on"), required=False)
    missing = forms.BooleanField(label=_("Only activities without a status"), required=False)
    q = forms.CharField(label=_("Text"), required=False, max_length=200)

    def __init__(self, data, *, boards, municipal_goals=(), board_goals=(), default=None):
        """`municipal_goals`, `board_goals`: (key, title) pairs to choose from (a published
        round offers its goals as published). `default`: the filters (as URL data) shown when
        `data` holds none of them."""
        self.default = None
        if default is not None and not any(name in data for name in FILTER_NAMES):
            data, self.default = default, default
        super().__init__(data)
        self.boards = {board.pk: board for board in boards}
        self.fields["board"].choices = [("", _("All boards"))] + [
            (board.pk, f"{board.display_code} – {board.name}") for board in boards
        ]
        goal_choices = [("", _("All goals"))]
        for label, prefix, goals in (
            (_("Municipal goals"), "m", municipal_goals),
            (_("Board goals"), "b", board_goals),
        ):
            if goals:
                goal_choices.append(
                    (label, [(f"{prefix}{key}", shorten(title, 90)) for key, title in goals])
                )
        self.fields["goal"].choices = goal_choices
        self.is_valid()

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    @property
    def chosen_board(self):
        return self.boards.get(self.cleaned_data.get("board"))

    def _goal(self, prefix: str) -> int | None:
        goal = self.cleaned_data.get("goal") or ""
        return int(goal[1:]) if goal.startswith(prefix) and goal[1:].isdigit() else None

    @property
    def chosen_board_goal(self) -> int | None:
        """The chosen board goal's key (of `board_goals`), if any."""
        return self._goal("b")

    @property
    def chosen_municipal_goal(self) -> int | None:
        return self._goal("m")

    def grid_filter(self) -> GridFilter:
        data = self.cleaned_data
        board = self.chosen_board
        return GridFilter(
            board_id=board.pk if board else None,
            municipal_goal_id=self.chosen_municipal_goal,
            board_goal_id=self.chosen_board_goal,
            mine=bool(data.get("mine")),
            missing=bool(data.get("missing")),
            text=" ".join((data.get("q") or "").split()),
        )


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
