"""Follow-up rounds, the status vocabulary and the append-only status reports."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.plans.models import Activity, Plan


class StatusCategory(models.TextChoices):
    DONE = "done", _("done")
    ONGOING = "ongoing", _("ongoing")
    NOT_STARTED = "not_started", _("not started")
    STOPPED = "stopped", _("stopped")


class StatusQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def by_name(self, name: str):
        return self.filter(name__iexact=" ".join(name.split()))


class Status(models.Model):
    """A status word of the configurable vocabulary and the category it counts as."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=StatusCategory.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("offered for new reports"), default=True)

    objects = StatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("status")
        verbose_name_plural = _("statuses")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FollowUpRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=FollowUpRound.State.OPEN)

    def published(self):
        return self.filter(state=FollowUpRound.State.PUBLISHED)

    def public(self):
        """Rounds the public may read: published now, or published before and reopened since
        (the public then sees the last publication)."""
        return self.filter(
            models.Q(state=FollowUpRound.State.PUBLISHED)
            | models.Q(first_published_at__isnull=False)
        )

    def latest_of_each_plan(self):
        """Of these rounds, each plan's latest (by date; of two on one date, the later made):
        the round at which a plan's status is read, by rollover and the overviews alike."""
        later = self.filter(plan=OuterRef("plan")).order_by("-as_of", "-pk").values("pk")[:1]
        return self.filter(pk=Subquery(later))


class FollowUpRound(models.Model):
    """A follow-up point of a plan ('Uppföljning per 31 mars')."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", _("published")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="rounds"
    )
    label = models.CharField(_("label"), max_length=200)
    as_of = models.DateField(_("as of"))
    reporting_deadline = models.DateField(_("reporting deadline"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("The report's introduction; empty gives the standard text with the date."),
    )
    reminder_days = models.JSONField(
        _("reminder days"),
        default=list,
        blank=True,
        help_text=_(
            "Days before the reporting deadline on which Vplan reminds by e-mail everyone whose "
            "activities still lack a status (vplan remind), e.g. [7, 2]."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    first_published_at = models.DateTimeField(
        _("first published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Once published, a round stays public: a reopened round shows its last publication."
        ),
    )
    last_published_at = models.DateTimeField(
        _("last published at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The public sees the statuses reported up to this moment."),
    )

    objects = FollowUpRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        ordering = ["plan", "as_of", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "as_of"], name="one_round_per_plan_and_date")
        ]

    def __str__(self) -> str:
        return f"{self.plan} – {self.label}"

    @property
    def accepts_reports(self) -> bool:
        return self.state == self.State.OPEN

    def shows_every_report_to(self, *, is_member: bool) -> bool:
        """Members of the administration see every report of the round; so does the public of a
        published round, which takes no reports (all of them were published). Otherwise the
        public sees the reports up to the last publication."""
        return is_member or self.state == self.State.PUBLISHED

    def shows_report(self, report: "StatusReport", *, is_member: bool) -> bool:
        """Whether a reader sees this status report of the round."""
        if self.shows_every_report_to(is_member=is_member):
            return True
        return self.last_published_at is not None and report.created_at <= self.last_published_at

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED or self.first_published_at is not None

    def is_before_as_of(self, today=None) -> bool:
        """Whether `today` (by default the local date now) comes before the round's as-of date:
        a round "per 31 december" is not to be published on 2 December without an override."""
        return (today or timezone.localdate()) < self.as_of

    @property
    def deadline_has_passed(self) -> bool:
        """Whether the last day for reporting is behind us (on the day itself, it has not)."""
        deadline = self.reporting_deadline
        return deadline is not None and deadline < timezone.localdate()


class KeptAsMade:
    """A row that records one fact and is never changed: the next fact is a new row."""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are kept as made; add a new one instead.")
        super().save(*args, **kwargs)


class MadeByPerson(KeptAsMade):
    """KeptAsMade, made by a person (`made_by`), named as pages show people."""

    @property
    def made_by_display(self) -> str:
        if self.made_by is None:
            return ""
        return self.made_by.get_full_name() or self.made_by.get_username()


class RoundOverride(MadeByPerson, models.Model):
    """A safeguard a controller chose to pass, with who, when and why: publishing a round before
    its as-of date, or opening a round of a plan while another of its rounds is open. Never
    changed or removed: each choice is a row (and a change record in the audit trail)."""

    class Kind(models.TextChoices):
        PUBLISHED_BEFORE_AS_OF = "published_before_as_of", _("published before its as-of date")
        ANOTHER_ROUND_OPEN = "another_round_open", _("opened while another round was open")

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="overrides"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("round override")
        verbose_name_plural = _("round overrides")
        ordering = ["round", "made_at", "id"]

    def __str__(self) -> str:
        return f"{self.round} – {self.get_kind_display()}"


class Reminder(KeptAsMade, models.Model):
    """One reminder e-mail sent to one person about their activities without a status in one
    round: who was reminded, at which address, of how many activities, when, by whom (empty:
    by Vplan itself on a reminder day) and how. Kept as sent: the record of who was chased."""

    class Kind(models.TextChoices):
        CHOSEN = "chosen", _("sent by a controller")
        SCHEDULED = "scheduled", _("sent on a reminder day")
        ALL_OPEN = "all_open", _("sent to everyone missing a status (vplan remind --all-open)")

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="reminders"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    address = models.EmailField(_("address"))
    activity_count = models.PositiveIntegerField(_("activities without status"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["round", "-sent_at", "id"]
        indexes = [models.Index(fields=["round", "person", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.round} – {self.person} ({self.sent_at:%Y-%m-%d %H:%M})"


class BoardReadiness(MadeByPerson, models.Model):
    """One step of a board's sign-off of a round: the editor marks the board's statuses ready
    ("klarmarkerad"), the controller approves them ("godkänd") or returns them with a comment
    ("återsänd"). Each step is a row, never changed: the latest is the board's state in the
    round, the rows before it its history (who and when)."""

    class State(models.TextChoices):
        READY = "ready", _("marked ready")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned with a comment")

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="readiness"
    )
    board = models.ForeignKey(
        "organisation.Board", verbose_name=_("board"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    comment = models.TextField(_("comment"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("board sign-off")
        verbose_name_plural = _("board sign-offs")
        ordering = ["round", "board", "made_at", "id"]

    def __str__(self) -> str:
        return f"{self.round} – {self.board}: {self.get_state_display()}"


class Postponement(MadeByPerson, models.Model):
    """An activity's current end date moved in a round by someone who reports on it (an editor
    in the grid), with the reason: the activity shows as postponed (`December*`) and the round's
    controller sees the move in the round. The decided end date stays a controller's."""

    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="postponements",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="+"
    )
    moved_from = models.CharField(_("moved from"), max_length=60, blank=True)
    moved_to = models.CharField(_("moved to"), max_length=60)
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    made_at = models.DateTimeField(_("made at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("postponement")
        verbose_name_plural = _("postponements")
        ordering = ["round", "-made_at", "id"]

    def __str__(self) -> str:
        return f"{self.activity} – {self.moved_from} → {self.moved_to}"


class StatusReportQuerySet(models.QuerySet):
    def in_round(self, round: FollowUpRound):
        return self.filter(round=round)

    def current(self, as_of=None):
        """Only each activity's newest report in its round (as known at `as_of`, if given)."""
        newer = StatusReport.objects.filter(
            activity=OuterRef("activity"), round=OuterRef("round"), version__gt=OuterRef("version")
        )
        reports = self
        if as_of is not None:
            newer = newer.filter(created_at__lte=as_of)
            reports = reports.filter(created_at__lte=as_of)
        return reports.exclude(Exists(newer))

    def with_details(self):
        return self.select_related("status", "author")

    def at_latest_round_of(self, plans):
        """Each activity's current report in its plan's latest round (the plan's status now)."""
        rounds = FollowUpRound.objects.filter(plan__in=plans).latest_of_each_plan()
        return self.filter(round__in=rounds).current()

    def category_of_each_activity(self) -> dict[int, str]:
        """{activity id: status category} of these reports (each activity's current ones)."""
        return dict(self.values_list("activity_id", "status__category"))

    def current_seen_by(self, round: "FollowUpRound", *, is_member: bool):
        """Each activity's current report in `round` as a reader sees it: members of the
        administration the newest; the public the newest up to the last publication."""
        reports = self.in_round(round)
        if round.shows_every_report_to(is_member=is_member):
            return reports.current()
        if round.last_published_at is None:
            return reports.none()
        return reports.current(as_of=round.last_published_at)


class StatusReport(models.Model):
    """One status and comment for one activity in one round. Never changed: a change adds a row."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="reports"
    )
    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="reports"
    )
    version = models.PositiveIntegerField(
        _("version"), help_text=_("1 for the first report of the activity in the round, then 2 ...")
    )
    status = models.ForeignKey(
        Status,
        verbose_name=_("status"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status_text = models.CharField(
        _("status as written"),
        max_length=500,
        blank=True,
        help_text=_("The status word as written, e.g. a composite per school form."),
    )
    comment = models.TextField(_("comment"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author_name = models.CharField(_("author name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    kept_from = models.ForeignKey(
        "self",
        verbose_name=_("kept from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The previous round's report this one keeps: a finished activity (done or struck) "
            "is not reported again in a new round unless someone changes it."
        ),
    )
    late_correction_reason = models.TextField(
        _("reason for the late correction"),
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "Set when a controller corrected the status after the round was closed or "
            "published: the report shows what was published and the correction in a dated note."
        ),
    )

    objects = StatusReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        ordering = ["activity", "round", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "round", "version"], name="one_report_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} – {self.display_status} (v{self.version})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Status reports are append-only; submit a new report instead.")
        super().save(*args, **kwargs)

    @property
    def is_late_correction(self) -> bool:
        return bool(self.late_correction_reason)

    @property
    def display_status(self) -> str:
        return self.status_text or (self.status.name if self.status else "")

    @property
    def category(self) -> str | None:
        return self.status.category if self.status else None

    @property
    def author_display(self) -> str:
        if self.author:
            return self.author.get_full_name() or self.author.get_username()
        return self.author_name
