"""The activity plan: perspectives, goals, assignments and the activities under them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.audit.models import LiveManager, LiveQuerySet, SoftDeletable
from vplan.organisation.models import Administration, Board
from vplan.plans.fields import EndDateField


class Perspective(models.Model):
    """One of the five headings every plan is grouped under (perspectives.PERSPECTIVES)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(LiveQuerySet):
    def for_administration(self, administration):
        return self.filter(administration=administration)

    def previous_of(self, plan: "Plan"):
        return self.filter(administration=plan.administration, year=plan.year - 1)


class Plan(SoftDeletable):
    """One administration's verksamhetsplan for one year."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        DECIDED = "decided", _("decided")
        REVISED = "revised", _("revised")

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    boards = models.ManyToManyField(Board, verbose_name=_("boards"), related_name="plans")
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    revised_on = models.DateField(_("revised on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = LiveManager.from_queryset(PlanQuerySet)()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["administration__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "year"],
                condition=models.Q(deleted_at__isnull=True),
                name="one_live_plan_per_administration_and_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.administration.name} {self.year}"

    @property
    def title(self) -> str:
        return f"{self.administration.genitive_name} verksamhetsplan {self.year}"


class MunicipalGoal(models.Model):
    """A kommunövergripande mål, set by the council for the year, under one perspective."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="municipal_goals"
    )
    perspective = models.ForeignKey(
        Perspective, verbose_name=_("perspective"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=500)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("municipal goal")
        verbose_name_plural = _("municipal goals")
        ordering = ["perspective__order", "order", "id"]

    def __str__(self) -> str:
        return self.title


class BoardGoal(models.Model):
    """A nämndmål: a short title and a describing sentence."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="board_goals"
    )
    municipal_goal = models.ForeignKey(
        MunicipalGoal,
        verbose_name=_("municipal goal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_goals",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("board goal")
        verbose_name_plural = _("board goals")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A strategiskt utvecklingsuppdrag from the council's budget."""

    class Scope(models.TextChoices):
        COMMON = "common", _("common to all boards")
        BOARD_SPECIFIC = "board_specific", _("board-specific")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="assignments"
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    text = models.TextField(_("text"))
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    boards = models.ManyToManyField(
        Board, verbose_name=_("boards"), blank=True, related_name="assignments"
    )
    is_struck = models.BooleanField(_("struck"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("strategic assignment")
        verbose_name_plural = _("strategic assignments")
        ordering = ["scope", "number", "order", "id"]

    def __str__(self) -> str:
        prefix = f"{self.number}. " if self.number is not None else ""
        return f"{prefix}{self.text[:80]}"

    @property
    def label(self) -> str:
        """'Kommungemensamt strategiskt utvecklingsuppdrag 2', as the reports write it."""
        from django.utils.translation import gettext

        kind = (
            gettext("Common strategic development assignment")
            if self.scope == self.Scope.COMMON
            else gettext("Board-specific strategic development assignment")
        )
        return f"{kind} {self.number}" if self.number is not None else kind


# Activity.is_postponed in the database's words, for filtering and counting many activities:
# the end date moved from the plan as decided, or marked moved by imported history.
POSTPONED = models.Q(postponed_from_unknown_date=True) | (
    ~models.Q(decided_end="") & ~models.Q(decided_end=models.F("current_end"))
)


class ActivityQuerySet(LiveQuerySet):
    def in_plan(self, plan):
        return self.filter(plan=plan)

    def for_board(self, board):
        return self.filter(boards=board)

    def with_plan_details(self):
        return self.select_related(
            "plan", "plan__administration", "carried_over_from__plan"
        ).prefetch_related(
            "boards",
            Prefetch(
                "placements",
                queryset=Placement.objects.select_related(
                    "perspective", "municipal_goal", "board_goal", "assignment"
                ),
            ),
        )

    def with_parts(self):
        """Each activity's live parts with their boards, for pages that list parts under it."""
        return self.prefetch_related(
            Prefetch(
                "parts",
                queryset=Activity.objects.prefetch_related("boards").order_by("order", "id"),
            )
        )

    def top_level(self):
        """Activities that are not parts of another activity."""
        return self.filter(parent__isnull=True)

    def in_perspective(self, perspective):
        return self.filter(
            models.Exists(
                Placement.objects.filter(activity=models.OuterRef("pk"), perspective=perspective)
            )
        )

    def matching(self, text: str):
        """Activities whose text contains every word of `text` (case-insensitive)."""
        activities = self
        for word in text.split():
            activities = activities.filter(text__icontains=word)
        return activities

    def postponed(self):
        """Activities whose end date was moved ('December*'): Activity.is_postponed."""
        return self.filter(POSTPONED)

    def with_postponement(self):
        """Each activity with `end_postponed`, Activity.is_postponed as the database reads it
        (for pages that read values() rather than activities)."""
        return self.annotate(
            end_postponed=models.ExpressionWrapper(POSTPONED, output_field=models.BooleanField())
        )

    def carried_over(self):
        return self.filter(
            models.Q(carried_over_from__isnull=False)
            | models.Q(carried_over_from_year__isnull=False)
        )


class Activity(SoftDeletable):
    """One thing to do, reported once per follow-up round however many places it stands in."""

    uid = models.UUIDField(
        _("identifier"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Stable across exports and loads, so links between years survive."),
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="activities"
    )
    text = models.TextField(_("text"))
    boards = models.ManyToManyField(Board, verbose_name=_("boards"), related_name="activities")
    responsible_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible people"),
        related_name="responsible_for",
        blank=True,
        help_text=_("The people who report on the activity, besides its boards."),
    )
    responsible_as_recorded = models.JSONField(
        _("responsible people as recorded"),
        default=list,
        blank=True,
        help_text=_(
            "User names a loaded file gave as responsible that are no users here: kept as "
            "written, so the plan exports as it was loaded."
        ),
    )
    decided_end = EndDateField(_("decided end date"))
    current_end = EndDateField(_("current end date"))
    postponed_from_unknown_date = models.BooleanField(
        _("postponed from an unrecorded date"),
        default=False,
        help_text=_(
            "Imported history: the document marks the end date as moved (an asterisk) but does "
            "not say what was decided first."
        ),
    )
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_over_to",
    )
    carried_over_from_year = models.PositiveSmallIntegerField(
        _("carried over from year"),
        null=True,
        blank=True,
        help_text=_("For imported history whose earlier plan is not in Vplan."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
    )
    represents_assignment = models.BooleanField(
        _("reports the assignment directly"),
        default=False,
        help_text=_("The activity is the assignment itself, reported with its own status."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LiveManager.from_queryset(ActivityQuerySet)()
    all_objects = models.Manager.from_queryset(ActivityQuerySet)()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "id"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.text[:100]

    def clean(self) -> None:
        if self.carried_over_from_id and self.carried_over_from.plan.year >= self.plan.year:
            raise ValidationError(
                {"carried_over_from": _("An activity is carried over from an earlier year.")}
            )
        if self.parent_id and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("A part belongs to an activity of the same plan.")})
        if self.current_end is None and self.decided_end is not None:
            self.current_end = self.decided_end

    @property
    def is_postponed(self) -> bool:
        """The end date was moved relative to the plan as first decided ('December*'), or
        imported history marks it moved. The same rule as POSTPONED, which QuerySets use."""
        if self.postponed_from_unknown_date:
            return True
        return bool(self.decided_end) and self.current_end != self.decided_end

    @property
    def carried_over_year(self) -> int | None:
        """The year in 'Kvarstår från <year>', from the link or from imported history."""
        if self.carried_over_from_id:
            return self.carried_over_from.plan.year
        return self.carried_over_from_year

    def end_sort_key(self) -> tuple:
        end = self.current_end or self.decided_end
        return end.sort_key(self.plan.year) if end else (9999, 99, 99, "")

    def chain_back(self) -> list["Activity"]:
        """The activities this one was carried over from, oldest first."""
        chain = []
        current = self.carried_over_from
        while current is not None:
            chain.append(current)
            current = current.carried_over_from
        return list(reversed(chain))

    def chain_forward(self) -> list["Activity"]:
        """The activities this one was carried over to, year by year."""
        chain = []
        current = self.carried_over_to.first()
        while current is not None:
            chain.append(current)
            current = current.carried_over_to.first()
        return chain

    def times_carried_over(self) -> int:
        return (
            len(self.chain_back())
            if self.carried_over_from_id
            else int(self.carried_over_from_year is not None)
        )


class Placement(models.Model):
    """Where an activity stands in the plan: under a goal and/or an assignment.

    One activity may stand in several places; it is still one activity, reported once.
    """

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="placements"
    )
    perspective = models.ForeignKey(
        Perspective, verbose_name=_("perspective"), on_delete=models.PROTECT, related_name="+"
    )
    municipal_goal = models.ForeignKey(
        MunicipalGoal,
        verbose_name=_("municipal goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    board_goal = models.ForeignKey(
        BoardGoal,
        verbose_name=_("board goal"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("strategic assignment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["perspective__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "municipal_goal", "board_goal", "assignment"],
                name="one_placement_per_place",
            )
        ]

    def __str__(self) -> str:
        where = self.board_goal or self.assignment or self.municipal_goal or self.perspective
        return f"{self.activity} @ {where}"

    def clean(self) -> None:
        if self.municipal_goal_id and self.municipal_goal.perspective_id != self.perspective_id:
            raise ValidationError(
                {"municipal_goal": _("The municipal goal belongs to another perspective.")}
            )
