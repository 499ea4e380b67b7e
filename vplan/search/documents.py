"""What search finds: activities, status-report comments, goals and assignments, of every year.

Each kind says which rows it covers, which text of theirs is searched, and which plan (and, for
comments, which round) decides who may see them. Both search engines (engines.py) read this.
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

    def text_of(self, values: dict) -> str:
        return " – ".join(str(values[name]) for name in self.fields if values[name])


KINDS = {
    kind.key: kind
    for kind in [
        Kind("activity", _("activity"), Activity, ("text",), "plan"),
        Kind("comment", _("comment"), StatusReport, ("comment",), "activity__plan", "round"),
        Kind("board_goal", _("board goal"), BoardGoal, ("title", "description"), "plan"),
        Kind("municipal_goal", _("municipal goal"), MunicipalGoal, ("title",), "plan"),
        Kind("assignment", _("strategic assignment"), Assignment, ("text",), "plan"),
    ]
}


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    plan_id: int
    round_id: int | None
    text: str


def documents(*, kinds=None):
    """Every searchable text, one kind at a time (one query per kind)."""
    for kind in (KINDS[key] for key in (kinds or KINDS)):
        names = ["pk", *kind.fields, kind.plan_path]
        if kind.round_path:
            names.append(kind.round_path)
        for values in kind.rows().values(*names):
            yield Document(
                kind=kind.key,
                object_id=values["pk"],
                plan_id=values[kind.plan_path],
                round_id=values[kind.round_path] if kind.round_path else None,
                text=kind.text_of(values),
            )
