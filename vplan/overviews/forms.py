"""The filters every overview page shares: year, board, and for statuses the round and grouping."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import FollowUpRound
from vplan.organisation.models import Board
from vplan.overviews.figures import GROUPINGS
from vplan.plans.models import Plan


class OverviewFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    board = forms.ModelChoiceField(
        label=_("Board"), required=False, queryset=Board.objects.none(), empty_label=_("All boards")
    )
    round = forms.ModelChoiceField(
        label=_("Follow-up round"),
        required=False,
        queryset=FollowUpRound.objects.none(),
        empty_label=_("The latest of each plan"),
    )
    by = forms.ChoiceField(
        label=_("Per"), required=False, choices=list(GROUPINGS.items()), initial="perspective"
    )

    def __init__(self, data, *, administration, with_round=False, with_grouping=False):
        super().__init__(data)
        self.plans = list(Plan.objects.for_administration(administration).order_by("year"))
        self.fields["year"].choices = [("", _("All years"))] + [
            (plan.year, plan.year) for plan in self.plans
        ]
        self.fields["board"].queryset = Board.objects.filter(plans__in=self.plans).distinct()
        if with_round:
            self.fields["round"].queryset = FollowUpRound.objects.filter(
                plan__in=self.plans
            ).select_related("plan")
            self.fields["round"].label_from_instance = lambda r: f"{r.plan.year} – {r.label}"
        else:
            del self.fields["round"]
        if not with_grouping:
            del self.fields["by"]

    def clean(self):
        cleaned = super().clean()
        round, year = cleaned.get("round"), cleaned.get("year")
        if round is not None and year is not None and round.plan.year != year:
            self.add_error(
                "round",
                _("The round belongs to the plan for %(round_year)s, not %(year)s.")
                % {"round_year": round.plan.year, "year": year},
            )
        return cleaned

    def value(self, name):
        if not self.is_valid():
            return None
        return self.cleaned_data.get(name)

    @property
    def chosen_plans(self) -> list[Plan]:
        round = self.value("round")
        if round is not None:
            return [round.plan]
        year = self.value("year")
        return [plan for plan in self.plans if year is None or plan.year == year]

    @property
    def grouping(self) -> str:
        return self.value("by") or "perspective"
