"""Forms of the plan-editing pages. They only read and check input; the changes are made by the
operations in vplan/plans/editing.py, the same the API and the commands call."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vplan.plans.editing import Place
from vplan.plans.models import Assignment, Perspective
from vplan.plans.responsible_people import person_label, responsible_candidates


def add_operation_errors(form: forms.Form, error: ValidationError, *others: forms.Form) -> None:
    """Show an operation's ValidationError at the field it names, on whichever of the forms
    has that field; anything else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        owner = next((f for f in (form, *others) if field in f.fields), None)
        if owner is None:
            form.add_error(None, messages)
        else:
            owner.add_error(field, messages)


class PlanChoiceForm(forms.Form):
    """A form whose choices come from one plan, loaded once by the view."""

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan


class MunicipalGoalForm(forms.Form):
    perspective = forms.ModelChoiceField(
        label=_("Perspective"), queryset=Perspective.objects.all(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=500)


class BoardGoalForm(PlanChoiceForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    municipal_goal = forms.ModelChoiceField(
        label=_("Under the municipal goal"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["municipal_goal"].queryset = plan.municipal_goals.select_related("perspective")


class AssignmentForm(PlanChoiceForm):
    number = forms.IntegerField(label=_("Number"), required=False, min_value=0)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}))
    scope = forms.ChoiceField(label=_("Kind"), choices=Assignment.Scope.choices)
    boards = forms.ModelMultipleChoiceField(
        label=_("Boards it is addressed to"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A board-specific assignment names its boards."),
    )
    is_struck = forms.BooleanField(label=_("Struck (Struket i IB)"), required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["boards"].queryset = plan.boards.all()


class ActivityForm(PlanChoiceForm):
    text = forms.CharField(label=_("Activity"), widget=forms.Textarea(attrs={"rows": 4}))
    boards = forms.ModelMultipleChoiceField(
        label=_("Responsible boards"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_people = forms.ModelMultipleChoiceField(
        label=_("Responsible people"),
        queryset=None,
        required=False,
        help_text=_(
            "Who reports on the activity and is reminded when its status is missing: members "
            "of the administration. Hold Ctrl (or Cmd) to choose several."
        ),
    )
    end = forms.CharField(
        label=_("End date"),
        required=False,
        max_length=60,
        help_text=_(
            "As the plan writes it: a month (December), a quarter (Q4), a reporting point "
            "(Delrapport 2) or a later year (Förskjuts till 2026). Once the plan is decided, "
            "a new end date is recorded as a postponement."
        ),
    )
    parent = forms.ModelChoiceField(
        label=_("Part of the activity"),
        queryset=None,
        required=False,
        empty_label=_("None: an activity of its own"),
    )
    represents_assignment = forms.BooleanField(
        label=_("The activity is the assignment itself, reported with its own status"),
        required=False,
    )

    def __init__(self, *args, plan, activity=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["boards"].queryset = plan.boards.all()
        self.fields["responsible_people"].queryset = responsible_candidates(plan)
        self.fields["responsible_people"].label_from_instance = person_label
        parents = plan.activities.top_level()
        if activity is not None:
            parents = parents.exclude(pk=activity.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda a: a.text[:90]


class PlaceForm(PlanChoiceForm):
    """Where an activity stands: under a municipal goal, a board goal and/or an assignment."""

    municipal_goal = forms.ModelChoiceField(
        label=_("Municipal goal"), queryset=None, required=False, empty_label=_("None")
    )
    board_goal = forms.ModelChoiceField(
        label=_("Board goal"), queryset=None, required=False, empty_label=_("None")
    )
    assignment = forms.ModelChoiceField(
        label=_("Strategic assignment"), queryset=None, required=False, empty_label=_("None")
    )
    perspective = forms.ModelChoiceField(
        label=_("Perspective"),
        queryset=Perspective.objects.all(),
        required=False,
        empty_label=_("From the goal"),
        help_text=_("Needed only for a place directly under an assignment."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        self.fields["municipal_goal"].queryset = plan.municipal_goals.select_related("perspective")
        self.fields["board_goal"].queryset = plan.board_goals.all()
        self.fields["assignment"].queryset = plan.assignments.all()
        self.fields["assignment"].label_from_instance = lambda a: str(a)[:90]

    def place(self) -> Place:
        return Place(**self.cleaned_data)
