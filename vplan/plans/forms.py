"""Forms of the plan pages: the plan page's filters (kept in the URL) and plan editing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import StatusCategory, StatusReport
from vplan.followups.progress import activities_missing_report
from vplan.plans.models import Perspective

MISSING = "missing"


class PlanFilterForm(forms.Form):
    """The plan page's filters: a GET form, so a filtered view is a link that can be shared."""

    round = forms.TypedChoiceField(label=_("Status as of"), required=False, coerce=int)
    board = forms.TypedChoiceField(label=_("Board"), required=False, coerce=int)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *StatusCategory.choices, (MISSING, _("no status"))],
    )
    perspective = forms.ModelChoiceField(
        label=_("Perspective"),
        queryset=Perspective.objects.all(),
        required=False,
        empty_label=_("All perspectives"),
    )
    postponed = forms.BooleanField(label=_("Only postponed"), required=False)
    carried_over = forms.BooleanField(label=_("Only carried over"), required=False)
    q = forms.CharField(label=_("Text contains"), required=False, max_length=200)

    def __init__(self, data, *, boards, rounds):
        if rounds and not data.get("round"):
            data = data.copy()
            data["round"] = str(max(rounds, key=lambda r: (r.as_of, r.pk)).pk)
        super().__init__(data)
        self.rounds = {round.pk: round for round in rounds}
        self.boards = {board.pk: board for board in boards}
        self.fields["round"].choices = [
            (round.pk, f"{round.label} ({round.get_state_display()})") for round in rounds
        ]
        self.fields["board"].choices = [("", _("All boards"))] + [
            (board.pk, f"{board.display_code} – {board.name}") for board in boards
        ]
        self.is_valid()

    @property
    def chosen_round(self):
        """The round whose statuses are shown: the one asked for, else the latest."""
        pk = self.cleaned_data.get("round")
        if pk in self.rounds:
            return self.rounds[pk]
        return max(self.rounds.values(), key=lambda r: (r.as_of, r.pk), default=None)

    @property
    def is_filtered(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields if name != "round")

    def filter_activities(self, activities):
        data = self.cleaned_data
        if data.get("board") in self.boards:
            activities = activities.for_board(self.boards[data["board"]])
        if data.get("perspective"):
            activities = activities.in_perspective(data["perspective"])
        if data.get("postponed"):
            activities = activities.postponed()
        if data.get("carried_over"):
            activities = activities.carried_over()
        if data.get("q"):
            activities = activities.matching(data["q"])
        round = self.chosen_round
        if data.get("status") == MISSING and round is not None:
            activities = activities.filter(
                pk__in=activities_missing_report(round=round).values("pk")
            )
        elif data.get("status") and round is not None:
            activities = activities.filter(
                pk__in=StatusReport.objects.in_round(round)
                .current()
                .filter(status__category=data["status"])
                .values("activity_id")
            )
        return activities
