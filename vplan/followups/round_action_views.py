"""The round's lifecycle pages (controllers): open a new round, close, publish, open again.

Closing and publishing go through a confirmation page that says how many activities still lack
a status, per board; publishing before the round's as-of date needs an override with a reason;
opening a round while another of the plan is open needs an explicit choice. The rules are
round_lifecycle's, the same for the API; these views only ask and show.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from vplan.followups import round_lifecycle
from vplan.followups.access import access_plan_for_manage, access_round_for_manage
from vplan.followups.forms import RoundForm
from vplan.followups.models import FollowUpRound
from vplan.followups.readiness import boards_not_ready
from vplan.followups.round_lifecycle import (
    ConfirmationRequired,
    Override,
    RoundStateError,
    WrongState,
)
from vplan.plans.editing_forms import add_operation_errors
from vplan.reports.publication import publish_round

State = FollowUpRound.State


class ConfirmForm(forms.Form):
    """The confirmation step: the confirmation page's button sends `confirm`."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PublishForm(ConfirmForm):
    """Publishing: a correction's reason when the round was published before, and the override
    (with its reason) when the round's as-of date has not come yet."""

    def __init__(self, *args, round: FollowUpRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_correction = round.first_published_at is not None
        self.is_early = round.is_before_as_of()
        if self.is_correction:
            self.fields["correction_reason"] = forms.CharField(
                label=_("What does this publication correct?"),
                required=False,  # publish_round says so when it is missing
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "The round was published before. The report shows the date and this "
                    "reason; the earlier publication stays as it was."
                ),
            )
        if self.is_early:
            self.fields["before_as_of"] = forms.BooleanField(
                label=_("Publish before the as-of date"), required=False
            )
            self.fields["before_as_of_reason"] = forms.CharField(
                label=_("Why is the round published before its as-of date?"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Needed with the choice above. Kept with your name and the time."),
            )

    def before_as_of(self) -> Override:
        return Override(
            chosen=self.cleaned_data.get("before_as_of", False),
            reason=self.cleaned_data.get("before_as_of_reason", ""),
        )


class KeepOpenForm(forms.Form):
    """Opening a round while another of the plan is open: the explicit choice, and why."""

    keep_other_rounds_open = forms.BooleanField(
        label=_("Keep the other round open too"),
        required=False,
        help_text=_("Editors then see two open rounds of the plan and may report in both."),
    )
    keep_open_reason = forms.CharField(
        label=_("Why? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def choice(self) -> Override:
        return Override(
            chosen=self.cleaned_data.get("keep_other_rounds_open", False),
            reason=self.cleaned_data.get("keep_open_reason", ""),
        )


class NewRoundForm(RoundForm, KeepOpenForm):
    """A new round; the choice to keep another round open is asked only while one is."""

    def __init__(self, *args, others_open: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not others_open:
            del self.fields["keep_other_rounds_open"], self.fields["keep_open_reason"]

    def round_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in RoundForm.base_fields}


def _posted(request):
    """The form's data on POST, even when empty (a bare POST is a choice too); None on GET."""
    return request.POST if request.method == "POST" else None


# Per action: the states it starts from (else the round page says why not), and what is done.
STARTS_FROM = {
    "close": {State.OPEN},
    "publish": {State.CLOSED},
    "open": {State.CLOSED},
    "reopen": {State.CLOSED, State.PUBLISHED},
}
DONE = {
    "close": gettext_lazy("The round is closed: no more reports."),
    "publish": gettext_lazy("The round is published: anyone can read it without signing in."),
    "open": gettext_lazy("The round is open for reports again."),
    "reopen": gettext_lazy("The round is open for reports again."),
}


@login_required
@require_http_methods(["GET", "POST"])
def change_state(request, round_id, action):
    """Close, publish (or publish a correction), open or reopen a round: GET shows the step's
    page, POST makes the move once confirmed or chosen."""
    round = access_round_for_manage(request.user, round_id)
    if action not in STARTS_FROM:
        raise Http404
    if round.state not in STARTS_FROM[action]:
        messages.error(request, _("The round is %(state)s.") % {"state": round.get_state_display()})
        return redirect("followups:round", round.pk)
    step = {"close": _close, "publish": _publish}.get(action, _open_again)
    return step(request, round, action)


def _close(request, round, action):
    form = ConfirmForm(_posted(request))

    def move():
        round_lifecycle.close_round(round=round, by=request.user)

    return _confirmed_move(request, round, action, form, move, "followups/round_close.html")


def _publish(request, round, action):
    form = PublishForm(_posted(request), round=round)

    def move():
        publish_round(
            round=round,
            by=request.user,
            correction_reason=form.cleaned_data.get("correction_reason", ""),
            before_as_of=form.before_as_of(),
        )

    return _confirmed_move(request, round, action, form, move, "followups/round_publish.html")


def _confirmed_move(request, round, action, form, move, template):
    """The confirmation page with what is missing; on POST, the move once confirmed. A refusal
    shows the page again at its field (400, or 409 for a safeguard of the round's state)."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            round_lifecycle.require_confirmation(
                round=round, action=action, confirmed=form.cleaned_data["confirm"]
            )
            move()
            messages.success(request, DONE[action])
            return redirect("followups:round", round.pk)
        except WrongState as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("followups:round", round.pk)
        except ConfirmationRequired as refusal:
            form.add_error(None, refusal.messages)
            status = 400
        except ValidationError as refusal:
            add_operation_errors(form, refusal)
            status = 409 if isinstance(refusal, RoundStateError) else 400
    elif request.method == "POST":
        status = 400
    context = {
        "round": round,
        "plan": round.plan,
        "form": form,
        "missing": round_lifecycle.what_is_missing(round=round),
        "not_ready": boards_not_ready(round) if action == "close" else [],
        "today": timezone.localdate(),
    }
    return render(request, template, context, status=status)


def _open_again(request, round, action):
    """Open a closed round, or reopen a published one; while another round of the plan is
    open, the page asks whether to keep both open (409 when the POST did not choose)."""
    form = KeepOpenForm(_posted(request))
    move = round_lifecycle.open_round if action == "open" else round_lifecycle.reopen_round
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            move(round=round, by=request.user, keep_other_rounds_open=form.choice())
            messages.success(request, DONE[action])
            return redirect("followups:round", round.pk)
        except WrongState as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("followups:round", round.pk)
        except ValidationError as refusal:
            add_operation_errors(form, refusal)
            status = 409 if isinstance(refusal, RoundStateError) else 400
    context = {
        "round": round,
        "plan": round.plan,
        "form": form,
        "action": action,
        "others": list(round_lifecycle.other_open_rounds(round=round)),
    }
    return render(request, "followups/round_open.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def create_round(request, plan_id):
    """Open a new follow-up round of a decided plan (controllers); while another round of the
    plan is open, the form asks whether to keep it open."""
    plan = access_plan_for_manage(request.user, plan_id)
    others = list(round_lifecycle.other_open_rounds(plan=plan))
    form = NewRoundForm(request.POST or None, others_open=bool(others))
    if form.is_valid():
        try:
            round = round_lifecycle.create_round(
                plan=plan,
                by=request.user,
                keep_other_rounds_open=form.choice(),
                **form.round_fields(),
            )
            messages.success(request, _("The round is open for reports."))
            return redirect("followups:round", round.pk)
        except ValidationError as error:
            add_operation_errors(form, error)
    context = {"plan": plan, "form": form, "others": others}
    return render(request, "followups/create_round.html", context)
