"""What search finds: activities, status-report comments, goals and assignments, of every year.

Each kind says which rows it covers, which text of theirs is searched, and which plan (and, for
comments, which round) decides who may see them. Both search engines (engines.py) read this when
they search, so a soft delete, a restore or a newer report version counts from the moment it is
written; the SQLite index (engines.py) only keeps the text of every row.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import StatusReport
from vplan.plans.models import Activity, Assignment, BoardGoal, MunicipalGoal


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    fields: tuple[str, ...]
    plan_path: str
    round_path: str | None = None
    label_plural: str = ""

    def rows(self) -> QuerySet:
        """The live rows of this kind that search covers."""
        rows = self.model.objects.all()
        if self.model is StatusReport:
            newer = StatusReport.objects.filter(
                activity=OuterRef("activity"),
                round=OuterRef("round"),
                version__gt=OuterRef("version"),
            )
            rows = rows.exclude(comment="").exclude(Exists(newer))
            rows = rows.filter(activity__deleted_at__isnull=True)
        return rows.filter(**{f"{self.plan_path}__deleted_at__isnull": True})

    def readable_rows(self, *, plan_ids: list[int] | None, round_ids: list[int] | None):
        """The live rows in these plans and (comments) rounds; None: no limit."""
        rows = self.rows()
        if plan_ids is not None:
            rows = rows.filter(**{f"{self.plan_path}__in": plan_ids})
        if round_ids is not None and self.round_path:
            rows = rows.filter(**{f"{self.round_path}__in": round_ids})
        return rows

    def text_of(self, values: dict) -> str:
        return " – ".join(str(values[name]) for name in self.fields if values[name])


KINDS = {
    kind.key: kind
    for kind in [
        Kind("activity", _("activity"), Activity, ("text",), "plan", None, _("activities")),
        Kind(
            "comment",
            _("comment"),
            StatusReport,
            ("comment",),
            "activity__plan",
            "round",
            _("status comments"),
        ),
        Kind(
            "board_goal",
            _("board goal"),
            BoardGoal,
            ("title", "description"),
            "plan",
            None,
            _("board goals"),
        ),
        Kind(
            "municipal_goal",
            _("municipal goal"),
            MunicipalGoal,
            ("title",),
            "plan",
            None,
            _("municipal goals"),
        ),
        Kind(
            "assignment",
            _("strategic assignment"),
            Assignment,
            ("text",),
            "plan",
            None,
            _("strategic assignments"),
        ),
    ]
}
