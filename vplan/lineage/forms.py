"""Forms of the lineage pages: a decision on a link, and the rollover review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from vplan.lineage.models import LineageLink
from vplan.lineage.rollover import COPY, SKIP

KIND_LABELS = {
    "municipal_goal": _("Municipal goals"),
    "board_goal": _("Board goals"),
    "assignment": _("Strategic assignments"),
}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (LineageLink.Decision.CONFIRMED, _("Confirm")),
            (LineageLink.Decision.REJECTED, _("Reject")),
        ],
    )


class LinkFilterForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("all links")), *LineageLink.Decision.choices],
        widget=forms.Select(attrs={"class": "ds-input"}),
    )


class RolloverYearForm(forms.Form):
    year = forms.IntegerField(label=_("Carry over to the year"), min_value=1900, max_value=2999)


class RolloverReviewForm(forms.Form):
    """One choice per goal and assignment, and which unfinished activities to carry."""

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for kind, label in KIND_LABELS.items():
            names = []
            for mapping in proposal.mappings_of(kind):
                targets = proposal.targets.get(kind, [])
                choices = [(COPY, _("Copy it")), (SKIP, _("Leave it out"))]
                choices += [
                    (str(t.pk), _("Same as: %(item)s") % {"item": str(t)[:90]}) for t in targets
                ]
                self.fields[mapping.key] = forms.ChoiceField(
                    label=str(mapping.source)[:200], choices=choices, initial=mapping.choice
                )
                self.fields[mapping.key].used_by = mapping.used_by
                names.append(mapping.key)
            if names:
                self.groups.append((label, [self[name] for name in names]))
        staying = [part for part, _activity in proposal.stays_with_activity]
        candidates = proposal.carried + proposal.left_out + staying
        self.fields["carry"] = forms.MultipleChoiceField(
            label=_("Unfinished activities to carry over"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(str(a.pk), _carry_label(a)) for a in candidates],
            initial=[str(a.pk) for a in proposal.carried],
        )
        self.candidate_ids = {a.pk for a in candidates}
        self.part_ids = {a.pk for a in candidates if a.parent_id is not None}

    def choices(self) -> dict[str, str]:
        return {
            name: value for name, value in self.cleaned_data.items() if name != "carry" and value
        }

    def leave_out(self) -> set[int]:
        carried = {int(pk) for pk in self.cleaned_data.get("carry", [])}
        return self.candidate_ids - carried

    def promote(self) -> set[int]:
        """Ticked parts: one whose activity is not carried is carried as its own activity."""
        carried = {int(pk) for pk in self.cleaned_data.get("carry", [])}
        return carried & self.part_ids


def _carry_label(activity) -> str:
    if activity.parent_id is None:
        return activity.text[:200]
    return _("%(part)s (part of “%(activity)s”)") % {
        "part": activity.text[:200],
        "activity": activity.parent.text[:80],
    }
