"""Forms of the plan pages: the plan page's filters (kept in the URL) and plan editing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import StatusCategory, StatusReport
from vplan.plans.models import Perspective, Placement

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
    # The part of the plan shown (the outline's links): a municipal goal or a board goal.
    goal = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    board_goal = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, data, *, boards, rounds, is_member: bool = True):
        if rounds and not data.get("round"):
            data = data.copy()
            data["round"] = str(max(rounds, key=lambda r: (r.as_of, r.pk)).pk)
        super().__init__(data)
        self.is_member = is_member  # sees statuses not yet published (permissions.is_member)
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

    def filter_activities(self, activities, *, by_place: bool = True):
        """The activities the filters leave; `by_place=False` ignores where they stand (the
        perspective, goal and board goal), for the outline that leads to every place."""
        data = self.cleaned_data
        if data.get("board") in self.boards:
            activities = activities.for_board(self.boards[data["board"]])
        if by_place and self.place_filters:
            activities = activities.filter(
                pk__in=self.filter_places(Placement.objects.all()).values("activity_id")
            )
        if data.get("postponed"):
            activities = activities.postponed()
        if data.get("carried_over"):
            activities = activities.carried_over()
        if data.get("q"):
            activities = activities.matching(data["q"])
        round = self.chosen_round
        if data.get("status") and round is not None:
            # the statuses this reader sees: the public those published, not newer ones
            seen = StatusReport.objects.current_seen_by(round, is_member=self.is_member)
            if data["status"] == MISSING:
                activities = activities.exclude(pk__in=seen.values("activity_id"))
            else:
                activities = activities.filter(
                    pk__in=seen.filter(status__category=data["status"]).values("activity_id")
                )
        return activities

    @property
    def place_filters(self) -> dict:
        """Where the shown activities stand: {"perspective": ..., "goal": id, "board_goal": id}
        as asked for (each optional)."""
        data = self.cleaned_data
        chosen = {
            "perspective": data.get("perspective"),
            "goal": data.get("goal"),
            "board_goal": data.get("board_goal"),
        }
        return {name: value for name, value in chosen.items() if value}

    def filter_places(self, placements):
        """Only the placements in the chosen perspective, municipal goal and board goal."""
        chosen = self.place_filters
        if "perspective" in chosen:
            placements = placements.filter(perspective=chosen["perspective"])
        if "goal" in chosen:
            placements = placements.filter(municipal_goal_id=chosen["goal"])
        if "board_goal" in chosen:
            placements = placements.filter(board_goal_id=chosen["board_goal"])
        return placements
