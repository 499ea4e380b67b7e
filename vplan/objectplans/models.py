"""IT objects and their strategic object plans: versions, goals, activities and the budget.

An IT object ("objekt" in the pm3 model, e.g. UKFA) has owners and leaders. For each year it has
an object plan with a version history (0.1 draft ... 1.0 decided by the board, 2.0 revised), the
governing documents and their effect on the object, long-term goals with sub-goals, the year's
prioritised activities (each optionally the same activity as in an activity plan), last year's
follow-up and a budget split per board into VM (maintaining) and VU (further development).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.audit.models import LiveManager, LiveQuerySet, SoftDeletable
from vplan.followups.access import can_read_round, rounds_read_in_full
from vplan.followups.models import FollowUpRound, StatusReport
from vplan.organisation.models import Administration, Board
from vplan.plans.models import Activity


class ITObject(SoftDeletable):
    """An IT object governed by an object plan each year, e.g. UKFA."""

    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(
        _("short name"), max_length=30, help_text=_("As the documents write it, e.g. UKFA.")
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="it_objects",
        help_text=_("Its controllers keep the object's plans; its members read them."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("IT object")
        verbose_name_plural = _("IT objects")
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["short_name"],
                condition=models.Q(deleted_at__isnull=True),
                name="one_live_it_object_per_short_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.name else self.short_name


class ObjectRole(SoftDeletable):
    """An object owner ("objektägare", OÄ) or object leader ("objektledare")."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("object owner")
        LEADER = "leader", _("object leader")

    it_object = models.ForeignKey(
        ITObject, verbose_name=_("IT object"), on_delete=models.PROTECT, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("E.g. head of the administration.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("object owner or leader")
        verbose_name_plural = _("object owners and leaders")
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ObjectPlanQuerySet(LiveQuerySet):
    def for_object(self, it_object: ITObject):
        return self.filter(it_object=it_object)

    def readable_in(self, administrations):
        return self.filter(it_object__administration__in=administrations)

    def with_object(self):
        return self.select_related("it_object", "it_object__administration")


class ObjectPlan(SoftDeletable):
    """The strategic object plan of one IT object for one year."""

    it_object = models.ForeignKey(
        ITObject, verbose_name=_("IT object"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    purpose = models.TextField(_("purpose and audience"), blank=True)
    background = models.TextField(
        _("background and previous period"),
        blank=True,
        help_text=_("How last year's plan went, in general terms."),
    )
    follow_up_reasons = models.TextField(
        _("reasons for delays and overruns"),
        blank=True,
        help_text=_("Why last year's activities were delayed or went over budget."),
    )
    direction = models.TextField(_("goals and direction, introduction"), blank=True)
    maintenance_definition = models.TextField(
        _("what VM covers"),
        blank=True,
        help_text=_("Maintaining existing IT: licences, operation, support."),
    )
    development_definition = models.TextField(
        _("what VU covers"),
        blank=True,
        help_text=_("Further development: projects that develop or introduce IT."),
    )
    previous_year_forecast = models.DecimalField(
        _("previous year's forecast"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    forecast_difference_explanation = models.TextField(
        _("explanation of the difference to the forecast"),
        blank=True,
        help_text=_("One reason per line."),
    )
    financing_principles = models.TextField(
        _("financing principles"), blank=True, help_text=_("One principle per line.")
    )
    source = models.CharField(_("imported from"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = LiveManager.from_queryset(ObjectPlanQuerySet)()
    all_objects = models.Manager.from_queryset(ObjectPlanQuerySet)()

    class Meta:
        verbose_name = _("object plan")
        verbose_name_plural = _("object plans")
        ordering = ["it_object__short_name", "-year"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["it_object", "year"],
                condition=models.Q(deleted_at__isnull=True),
                name="one_live_object_plan_per_object_and_year",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="object_plan_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.it_object.short_name} {self.year}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        from django.utils.translation import gettext

        return gettext("Strategic object plan for %(object)s %(year)s") % {
            "object": self.it_object.name,
            "year": self.year,
        }

    @property
    def administration(self) -> Administration:
        return self.it_object.administration

    def current_version(self) -> "ObjectPlanVersion | None":
        """The furthest version reached (dated); the draft when none is dated yet."""
        versions = [v for v in self.versions.all() if v.is_reached]
        if versions:
            return max(versions, key=lambda v: (VERSION_ORDER[v.state], v.number_key))
        return next((v for v in self.versions.all() if v.state == VersionState.DRAFT), None)

    def forecast_reasons(self) -> list[str]:
        return [line for line in self.forecast_difference_explanation.splitlines() if line.strip()]

    def financing_principle_list(self) -> list[str]:
        return [line for line in self.financing_principles.splitlines() if line.strip()]

    def budget(self) -> "BudgetSummary":
        return BudgetSummary.of(
            self.budget_lines.select_related("board"), forecast=self.previous_year_forecast
        )


class VersionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PRELIMINARY = "preliminary", _("preliminary, approved by the object owners")
    FINAL = "final", _("final, approved by the object owners")
    DECIDED = "decided", _("decided by the board")
    REVISED = "revised", _("revised")


VERSION_ORDER = {
    VersionState.DRAFT: 0,
    VersionState.PRELIMINARY: 1,
    VersionState.FINAL: 2,
    VersionState.DECIDED: 3,
    VersionState.REVISED: 4,
}

# The version numbers the object plans use for each state.
STANDARD_VERSION_NUMBERS = {
    VersionState.DRAFT: "0.1",
    VersionState.PRELIMINARY: "0.8",
    VersionState.FINAL: "0.9",
    VersionState.DECIDED: "1.0",
    VersionState.REVISED: "2.0",
}


def state_for_version_number(number: str) -> str:
    """'0.1' draft, '0.8' preliminary, '0.9' final, '1.x' decided, '2.0' and later revised."""
    major, _, minor = number.partition(".")
    major_number, minor_number = int(major), int(minor or 0)
    if major_number >= 2:
        return VersionState.REVISED.value
    if major_number == 1:
        return VersionState.DECIDED.value
    if minor_number >= 9:
        return VersionState.FINAL.value
    if minor_number >= 5:
        return VersionState.PRELIMINARY.value
    return VersionState.DRAFT.value


class ObjectPlanVersion(models.Model):
    """One step of the version history; `date` is set when the step is reached (approved)."""

    object_plan = models.ForeignKey(
        ObjectPlan, verbose_name=_("object plan"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.CharField(
        _("version"),
        max_length=10,
        validators=[RegexValidator(r"^\d+\.\d+$", _("A version is written like 0.8 or 1.0."))],
    )
    state = models.CharField(_("state"), max_length=16, choices=VersionState.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approver_name = models.CharField(
        _("approved by (name)"),
        max_length=300,
        blank=True,
        help_text=_("Who approved, as the document names them (e.g. the object owners)."),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("object plan version")
        verbose_name_plural = _("object plan versions")
        ordering = ["object_plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_plan", "number"], name="one_object_plan_version_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_plan} v{self.number}"

    @property
    def number_key(self) -> tuple[int, int]:
        major, _, minor = self.number.partition(".")
        return int(major), int(minor or 0)

    @property
    def is_reached(self) -> bool:
        return self.date is not None

    @property
    def approver_display(self) -> str:
        if self.approver_name:
            return self.approver_name
        if self.approved_by:
            return self.approved_by.get_full_name() or self.approved_by.get_username()
        return ""


class GoverningDocument(SoftDeletable):
    """A governing document ("styrande dokument"), its goal or direction, its effect on the object."""

    object_plan = models.ForeignKey(
        ObjectPlan,
        verbose_name=_("object plan"),
        on_delete=models.PROTECT,
        related_name="governing_documents",
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("document"), max_length=500)
    goal = models.TextField(_("goal or direction"), blank=True)
    impact = models.TextField(_("effect on the object"), blank=True)

    class Meta:
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class GoalArea(SoftDeletable):
    """Long-term goals of one unit of the object (e.g. UF, AMI, KOF), with an introduction."""

    object_plan = models.ForeignKey(
        ObjectPlan,
        verbose_name=_("object plan"),
        on_delete=models.PROTECT,
        related_name="goal_areas",
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("E.g. UF, AMI, KOF."))
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("goal area")
        verbose_name_plural = _("goal areas")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.heading or self.unit


class LongTermGoal(SoftDeletable):
    """A long-term goal ("1") or one of its sub-goals ("1:1")."""

    area = models.ForeignKey(
        GoalArea, verbose_name=_("goal area"), on_delete=models.PROTECT, related_name="goals"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("sub-goal of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subgoals",
    )
    code = models.CharField(
        _("number"),
        max_length=20,
        validators=[RegexValidator(r"^\d+(:\d+)*$", _("Goals are numbered 1, sub-goals 1:1."))],
    )
    title = models.CharField(_("title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("long-term goal")
        verbose_name_plural = _("long-term goals")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.title or self.description[:80]}"

    def clean(self) -> None:
        if self.parent_id and not self.code.startswith(f"{self.parent.code}:"):
            raise ValidationError({"code": _("A sub-goal's number starts with its goal's.")})


class ObjectPlanActivityQuerySet(LiveQuerySet):
    def with_linked_status(self, user=None):
        """Each activity with its linked plan activity and that activity's current reports in the
        rounds its reader may read, newest round first, in `linked_reports` (two queries
        whatever the number of rows).

        The rule is the activity page's (readable_rounds): a round of another
        administration shows once it is published, so an object plan never shows a linked
        activity's status from a round its reader may not read. With `user`, the rounds that
        user may read (the object plan's page). Without, the rounds every reader of the object
        plan may read (its Word and PDF files, the API): the published ones and those of the
        object plan's own administration, whose members are its readers.
        """
        rounds = (
            _rounds_readable_by(user) if user is not None else _rounds_readable_by_readers_of(self)
        )
        current = (
            StatusReport.objects.current()
            .filter(round__in=rounds)
            .select_related("status", "round", "round__plan")
            .order_by("-round__as_of", "-round_id")
        )
        return (
            self.select_related(
                "activity", "activity__plan", "administration", "object_plan__it_object"
            )
            .prefetch_related(
                Prefetch("activity__reports", queryset=current, to_attr="linked_reports")
            )
            .annotate(linked_status_for_user=models.Value(user is not None))
        )


def _rounds_readable_by(user):
    return rounds_read_in_full(user).values("pk")


def _rounds_readable_by_readers_of(items):
    """Published rounds, and the rounds of the administrations whose object plans hold `items`
    (each item is held to its own object plan's administration in current_report)."""
    own = FollowUpRound.objects.filter(
        plan__deleted_at__isnull=True,
        plan__administration_id__in=items.values("object_plan__it_object__administration_id"),
    )
    return FollowUpRound.objects.filter(
        models.Q(pk__in=_rounds_readable_by(AnonymousUser())) | models.Q(pk__in=own.values("pk"))
    ).values("pk")


class ObjectPlanActivity(SoftDeletable):
    """One of the year's prioritised activities of one unit, optionally a plan's activity.

    Linked to an activity of an activity plan, it has no status of its own: the status shown is
    the linked activity's current status, so one report serves both plans.
    """

    object_plan = models.ForeignKey(
        ObjectPlan,
        verbose_name=_("object plan"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("E.g. UF, AMI, KOF."))
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity of an activity plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="object_plan_activities",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = LiveManager.from_queryset(ObjectPlanActivityQuerySet)()
    all_objects = models.Manager.from_queryset(ObjectPlanActivityQuerySet)()

    class Meta:
        verbose_name = _("object plan activity")
        verbose_name_plural = _("object plan activities")
        ordering = ["order", "id"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.text[:100]

    def current_report(self) -> StatusReport | None:
        """The linked activity's current report in the newest round its reader may read (see
        ObjectPlanActivityQuerySet.with_linked_status), or None."""
        if self.activity_id is None:
            return None
        reports = getattr(self.activity, "linked_reports", None)
        if reports is None:
            item = type(self).all_objects.filter(pk=self.pk).with_linked_status().get()
            reports = item.activity.linked_reports
        if not getattr(self, "linked_status_for_user", False):
            reports = [report for report in reports if self._readers_may_read(report.round)]
        return reports[0] if reports else None

    def _readers_may_read(self, round) -> bool:
        """Whether every reader of this object plan (a member of its administration) may read
        the round: published, or a round of the object plan's own administration."""
        if round.plan.administration_id == self.object_plan.it_object.administration_id:
            return True
        return can_read_round(AnonymousUser(), round)

    @property
    def status_display(self) -> str:
        report = self.current_report()
        return report.display_status if report else ""


class FollowUpItem(SoftDeletable):
    """Last year's follow-up: an activity that was delayed or went over budget."""

    class Kind(models.TextChoices):
        DELAY = "delay", _("delayed")
        OVERRUN = "overrun", _("over budget")

    object_plan = models.ForeignKey(
        ObjectPlan,
        verbose_name=_("object plan"),
        on_delete=models.PROTECT,
        related_name="follow_up_items",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("what"), max_length=500)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Empty: the plan's common reasons apply.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("follow-up of last year")
        verbose_name_plural = _("follow-up of last year")
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


class BudgetKind(models.TextChoices):
    MAINTENANCE = "VM", _("VM (maintaining existing IT)")
    DEVELOPMENT = "VU", _("VU (further development)")


class AllocationKey(SoftDeletable):
    """How a shared budget post is split between boards, e.g. BoU/BiN 70/30."""

    object_plan = models.ForeignKey(
        ObjectPlan,
        verbose_name=_("object plan"),
        on_delete=models.PROTECT,
        related_name="allocation_keys",
    )
    text = models.CharField(_("as written"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("allocation key")
        verbose_name_plural = _("allocation keys")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        shares = list(self.shares.all())
        boards = "/".join(share.board.display_code for share in shares)
        weights = "/".join(_plain_number(share.weight) for share in shares)
        return f"{boards} {weights}"


def _plain_number(value: Decimal) -> str:
    normalized = value.normalize()
    return f"{normalized:f}" if normalized != normalized.to_integral() else f"{int(normalized)}"


class AllocationShare(models.Model):
    """One board's weight in an allocation key; the key's order breaks rounding ties."""

    key = models.ForeignKey(
        AllocationKey,
        verbose_name=_("allocation key"),
        on_delete=models.CASCADE,
        related_name="shares",
    )
    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.PROTECT, related_name="+"
    )
    weight = models.DecimalField(
        _("weight"), max_digits=9, decimal_places=3, validators=[MinValueValidator(Decimal(0))]
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("allocation share")
        verbose_name_plural = _("allocation shares")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "board"], name="one_share_per_board_and_key")
        ]

    def __str__(self) -> str:
        return f"{self.board.display_code} {_plain_number(self.weight)}"


class SharedBudgetPost(SoftDeletable):
    """A cost shared by several boards, split into budget lines by an allocation key."""

    object_plan = models.ForeignKey(
        ObjectPlan,
        verbose_name=_("object plan"),
        on_delete=models.PROTECT,
        related_name="shared_posts",
    )
    kind = models.CharField(_("kind"), max_length=2, choices=BudgetKind.choices)
    system = models.CharField(_("system"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    key = models.ForeignKey(
        AllocationKey,
        verbose_name=_("allocation key"),
        on_delete=models.PROTECT,
        related_name="posts",
    )

    class Meta:
        verbose_name = _("shared budget post")
        verbose_name_plural = _("shared budget posts")
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.description or self.system or self.get_kind_display()} ({self.key})"


class BudgetLineQuerySet(LiveQuerySet):
    def with_boards(self):
        return self.select_related("board", "shared_post")


class BudgetLine(SoftDeletable):
    """An amount for one board and kind (VM/VU), optionally for one system."""

    object_plan = models.ForeignKey(
        ObjectPlan,
        verbose_name=_("object plan"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
    )
    board = models.ForeignKey(
        Board, verbose_name=_("board"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=2, choices=BudgetKind.choices)
    system = models.CharField(_("system"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    shared_post = models.ForeignKey(
        SharedBudgetPost,
        verbose_name=_("share of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = LiveManager.from_queryset(BudgetLineQuerySet)()
    all_objects = models.Manager.from_queryset(BudgetLineQuerySet)()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["board__code", "kind", "order", "id"]
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        what = f" {self.system}" if self.system else ""
        return f"{self.board.display_code} {self.kind}{what}: {self.amount}"


@dataclass
class BudgetSummary:
    """Totals of budget lines, added up as Decimals in Python (exact on every database)."""

    by_board_and_kind: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    by_board: dict[str, Decimal] = field(default_factory=dict)
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    total: Decimal = Decimal("0.00")
    forecast: Decimal | None = None
    board_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, lines, *, forecast: Decimal | None = None) -> "BudgetSummary":
        by_board_and_kind: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        by_board: dict[str, Decimal] = defaultdict(Decimal)
        by_kind: dict[str, Decimal] = {kind: Decimal("0.00") for kind in BudgetKind.values}
        board_names: dict[str, str] = {}
        total = Decimal("0.00")
        for line in sorted(lines, key=lambda line: (line.board.code, line.kind)):
            code = line.board.code
            board_names[code] = line.board.display_code
            by_board_and_kind[code, line.kind] += line.amount
            by_board[code] += line.amount
            by_kind[line.kind] += line.amount
            total += line.amount
        return cls(
            by_board_and_kind=dict(by_board_and_kind),
            by_board=dict(by_board),
            by_kind=by_kind,
            total=total,
            forecast=forecast,
            board_names=board_names,
        )

    @property
    def difference(self) -> Decimal | None:
        """This year's budget minus last year's forecast."""
        return None if self.forecast is None else self.total - self.forecast

    def board_rows(self) -> list[tuple[str, list[tuple[str, Decimal]], Decimal]]:
        """(board, [(kind, amount) ...], board total) in board order, for tables."""
        return [
            (
                self.board_names.get(code, code),
                [
                    (kind, self.by_board_and_kind[code, kind])
                    for kind in BudgetKind.values
                    if (code, kind) in self.by_board_and_kind
                ],
                amount,
            )
            for code, amount in sorted(self.by_board.items())
        ]
