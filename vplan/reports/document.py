"""The follow-up report as one plain model, built once from the database.

`build_report(round=..., as_of=...)` reads a round with a fixed number of queries and returns a
`Report`: plain dataclasses holding every text the report shows, already translated into the
report's language. Each renderer (render_docx, render_pdf, render_html, render_xlsx, render_csv)
takes that model and nothing else, so all formats show the same report.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import pgettext

from vplan.audit.models import ChangeRecord
from vplan.followups.models import FollowUpRound, StatusCategory, StatusReport
from vplan.plans.models import (
    Activity,
    Assignment,
    BoardGoal,
    MunicipalGoal,
    Perspective,
    Placement,
)

OTHER = "other"  # reported with a status word that has no category (e.g. a composite)
MISSING = "missing"  # not reported in the round
CATEGORY_KEYS = [
    StatusCategory.DONE,
    StatusCategory.ONGOING,
    StatusCategory.NOT_STARTED,
    StatusCategory.STOPPED,
]


def category_labels() -> dict[str, str]:
    return {
        StatusCategory.DONE: pgettext("report", "Done"),
        StatusCategory.ONGOING: pgettext("report", "Ongoing"),
        StatusCategory.NOT_STARTED: pgettext("report", "Not started"),
        StatusCategory.STOPPED: pgettext("report", "Stopped"),
        OTHER: pgettext("report", "Other status"),
        MISSING: pgettext("report", "Not reported"),
    }


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True)
class ActivityLine:
    """One activity in one place of the report (a table row)."""

    activity_id: int
    text: str
    carried_over_year: int | None
    carried_over_label: str  # "Kvarstår från 2021", or ""
    boards: tuple[str, ...]
    decided_end: str
    current_end: str
    postponed: bool
    status: str
    status_category: str  # a StatusCategory value, OTHER or MISSING
    status_category_label: str
    comment: str
    changed_by: str
    changed_at: datetime.datetime | None
    is_part: bool = False
    part_of: str = ""
    footnote: Footnote | None = None
    parent_id: int | None = None
    version: int = 0  # of the status report shown; 0: none

    is_assignment = False

    @property
    def boards_display(self) -> str:
        return ", ".join(self.boards)

    @property
    def end_display(self) -> str:
        """The end date as the report writes it: 'December*' when it was moved."""
        return f"{self.current_end}*" if self.postponed else self.current_end


@dataclass(frozen=True)
class LineRef:
    """A table row's activity in a report outline (report_outline), not yet read: what the
    outline needs of it to lay out, number and count the report. read_lines turns it into the
    ActivityLine a built report holds in its place."""

    activity_id: int
    is_part: bool  # shown as a part of the activity it follows (an unplaced part)
    footnote: Footnote | None
    postponed: bool

    is_assignment = False


@dataclass
class AssignmentBlock:
    """A strategic assignment as a bold row, with the activities under it."""

    assignment_id: int
    text: str
    label: str  # "Nämndspecifikt strategiskt utvecklingsuppdrag 21"
    number: int | None
    scope_label: str
    is_struck: bool
    struck_label: str
    direct: ActivityLine | None = None  # the assignment reported directly, with its own status
    activities: list[ActivityLine] = field(default_factory=list)

    is_assignment = True

    @property
    def spans_row(self) -> bool:
        """Without a status of its own, the assignment's text spans the whole row."""
        return self.direct is None and not self.is_struck

    @property
    def status(self) -> str:
        if self.direct:
            return self.direct.status
        return self.struck_label if self.is_struck else ""


@dataclass
class GoalGroup:
    """The rows under one board goal (or none): its cell spans all of them."""

    board_goal_title: str
    board_goal_description: str
    activities: list[ActivityLine] = field(default_factory=list)
    assignments: list[AssignmentBlock] = field(default_factory=list)

    @property
    def rows(self) -> list:
        """Table rows in order: plain activities, then each assignment and its activities."""
        rows: list = list(self.activities)
        for block in self.assignments:
            rows.append(block)
            rows.extend(block.activities)
        return rows

    @property
    def row_count(self) -> int:
        return len(self.activities) + sum(1 + len(b.activities) for b in self.assignments)


@dataclass
class MunicipalGoalSection:
    anchor: str
    title: str  # the municipal goal, or "" for rows placed directly under the perspective
    heading: str  # "Kommunövergripande mål: ..."
    groups: list[GoalGroup] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)


@dataclass
class PerspectiveSection:
    anchor: str
    name: str
    sections: list[MunicipalGoalSection] = field(default_factory=list)


@dataclass(frozen=True)
class SummaryRow:
    label: str
    counts: tuple[int, ...]  # aligned with Summary.categories
    total: int


@dataclass(frozen=True)
class Summary:
    categories: tuple[tuple[str, str], ...]  # (key, label)
    by_perspective: tuple[SummaryRow, ...]
    by_board: tuple[SummaryRow, ...]
    total: SummaryRow


@dataclass(frozen=True)
class AssignmentItem:
    number: int | None
    text: str
    boards: str
    struck_label: str


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str


@dataclass(frozen=True)
class PlacementRecord:
    """One row of the spreadsheet and the CSV: one activity in one place, every field."""

    activity_id: int
    perspective: str
    municipal_goal: str
    board_goal: str
    board_goal_description: str
    assignment: str
    assignment_number: int | None
    assignment_kind: str
    activity: str
    part_of: str
    boards: str
    decided_end: str
    current_end: str
    postponed: str
    carried_over_from: int | None
    status: str
    status_category: str
    comment: str
    changed_by: str
    changed_at: datetime.datetime | None


@dataclass(frozen=True)
class Labels:
    """Fixed texts of the report in its language, so renderers need no translation."""

    columns: tuple[str, ...]
    summary_columns_perspective: str
    summary_columns_board: str
    total: str
    contents: str
    chart_title: str
    chart_description: str
    common_assignments: str
    board_assignments: str
    record_columns: tuple[str, ...]
    activities_sheet: str
    summary_sheet: str


@dataclass(frozen=True)
class Correction:
    """A dated, attributed correction of a published round, shown in its report."""

    published_at: datetime.datetime
    date_text: str  # "2 december 2026"
    reason: str
    by: str  # a personal name: blank in what the public sees
    text: str  # "Rättad 2 december 2026: ..."


@dataclass
class Report:
    language: str
    title: str
    subtitle: str
    administration: str
    municipality: str
    plan_year: int
    round_label: str
    as_of_date: datetime.date
    as_of_text: str  # "31 mars 2024"
    known_at: datetime.datetime | None
    known_at_text: str
    boards: list[str]
    toc: list[TocEntry]
    introduction_heading: str
    introduction: list[str]
    legend: str
    summary_heading: str
    summary_text: str
    summary: Summary
    assignments_heading: str
    assignments_text: str
    common_assignments: list[AssignmentItem]
    board_assignments: list[AssignmentItem]
    perspectives: list[PerspectiveSection]
    records: list[PlacementRecord]
    labels: Labels
    filename_stem: str
    corrections: list[Correction] = field(default_factory=list)
    corrections_heading: str = ""

    @property
    def has_postponed(self) -> bool:
        return bool(self.legend)


def without_personal_names(report: Report) -> Report:
    """The same report with every personal name left out: what a signed-out visitor sees.

    Who may see names is decided in permissions.sees_personal_names; this applies it to the one
    report model, so every format (page, HTML, Word, PDF, Excel, CSV, API) is redacted alike.
    """
    return replace(
        report,
        perspectives=each_line(report.perspectives, line_without_personal_name),
        records=[replace(record, changed_by="") for record in report.records],
        corrections=[replace(correction, by="") for correction in report.corrections],
    )


def line_without_personal_name(line: "ActivityLine | LineRef") -> "ActivityLine | LineRef":
    """The line with who changed it left out (a line not yet read names nobody)."""
    if isinstance(line, LineRef):
        return line
    return replace(line, changed_by="")


def each_line(perspectives: list[PerspectiveSection], change) -> list[PerspectiveSection]:
    """The perspectives with `change` applied to every activity line in their tables (a group's
    activities, an assignment's direct line and its activities); the rest is kept as it is."""
    return [
        replace(
            perspective,
            sections=[
                replace(
                    section,
                    groups=[
                        replace(
                            group,
                            activities=[change(line) for line in group.activities],
                            assignments=[each_line_of_block(b, change) for b in group.assignments],
                        )
                        for group in section.groups
                    ],
                )
                for section in perspective.sections
            ],
        )
        for perspective in perspectives
    ]


def each_line_of_block(block: AssignmentBlock, change) -> AssignmentBlock:
    return replace(
        block,
        direct=change(block.direct) if block.direct is not None else None,
        activities=[change(line) for line in block.activities],
    )


def parse_as_of(text: str) -> datetime.datetime:
    """'2024-04-02T12:00' or '2024-04-02' -> an aware datetime in the current time zone.

    A date alone means the end of that day: everything known on it. Raises ValueError saying
    what is wrong.
    """
    text = text.strip()
    try:
        if len(text) == 10:
            day = datetime.date.fromisoformat(text)
            moment = datetime.datetime.combine(day, datetime.time.max)
        else:
            moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"as of {text!r}: not an ISO date or date and time (e.g. 2024-04-02 or "
            "2024-04-02T12:00)"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def build_report(*, round: FollowUpRound, as_of=None, language: str | None = None) -> Report:
    """The report of `round` as known at `as_of` (an aware datetime; None: now)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _build(round, as_of, language)


def _build(round: FollowUpRound, as_of, language: str) -> Report:
    round = FollowUpRound.objects.select_related("plan__administration").get(pk=round.pk)
    plan = round.plan
    labels = category_labels()

    activities = _activities_known_at(plan, as_of)
    placements = [
        p
        for p in Placement.objects.filter(activity__plan=plan)
        .select_related("perspective", "municipal_goal", "board_goal", "assignment")
        .order_by("id")
        if p.activity_id in activities
    ]
    if as_of is not None:
        _undo_later_changes_of_places(placements, as_of)
    reports = {
        r.activity_id: r
        for r in StatusReport.objects.filter(round=round)
        .current(as_of=as_of)
        .select_related("status", "author")
        .order_by()  # the default order joins four tables to sort what a dict does not need
    }
    assignments = list(
        Assignment.objects.filter(plan=plan).prefetch_related("boards").order_by("scope", "number")
    )
    if as_of is not None:
        _undo_later_changes(Assignment, {a.pk: [a] for a in assignments}, as_of)

    builder = _lay_out(_Sections, activities, placements, reports=reports, labels=labels)

    category_of = {activity_id: _category(reports.get(activity_id)) for activity_id in activities}
    boards_of = {
        activity_id: [board.display_code for board in activity.boards.all()]
        for activity_id, activity in activities.items()
    }
    return _report(
        round=round,
        as_of=as_of,
        language=language,
        builder=builder,
        summary=_summary(
            builder.perspectives, builder.activity_ids_by_perspective, category_of, boards_of
        ),
        assignments=assignments,
    )


def _lay_out(builder_class, activities: dict, placements: list, **options) -> "_Sections":
    """The report's tables: `placements` walked in the report's order by a `builder_class`
    (_Sections, or _Outline), each activity's unplaced parts after it, the activities placed
    nowhere at the end."""
    placed_ids = {p.activity_id for p in placements}
    places_of: dict[int, list] = defaultdict(list)
    for placement in placements:
        places_of[placement.activity_id].append(placement)
    unplaced_parts: dict[int, list] = defaultdict(list)
    orphans = []
    for activity in sorted(activities.values(), key=lambda a: (a.order, a.id)):
        if activity.id in placed_ids:
            continue
        if activity.parent_id in activities:
            unplaced_parts[activity.parent_id].append(activity)
        else:
            orphans.append(activity)
    builder = builder_class(activities, places_of, unplaced_parts, **options)
    for placement in sorted(placements, key=lambda p: _placement_sort_key(p, activities)):
        builder.add(placement)
    for activity in orphans:
        builder.add_orphan(activity)
    return builder


def _category(report: StatusReport | None) -> str:
    """The status category a report counts under: MISSING without one, OTHER for a status
    word without a category."""
    if report is None:
        return MISSING
    if report.status is not None:
        return report.status.category
    return OTHER


def _report(*, round, as_of, language, builder, summary, assignments) -> Report:
    """The report around the tables `builder` laid out: its title, front matter and labels."""
    plan = round.plan
    administration = plan.administration
    perspectives = builder.perspectives
    as_of_text = date_format(round.as_of, "j F Y")
    known_at_text = date_format(timezone.localtime(as_of), "j F Y H:i") if as_of is not None else ""
    has_postponed = any(line.postponed for line in builder.all_lines)
    common = [_assignment_item(a) for a in assignments if a.scope == Assignment.Scope.COMMON]
    specific = [_assignment_item(a) for a in assignments if a.scope != Assignment.Scope.COMMON]

    title = pgettext("report", "Follow-up of %(administration)s activity plan %(year)s") % {
        "administration": administration.genitive_name,
        "year": plan.year,
    }
    subtitle = round.label
    if date_format(round.as_of, "j F").lower() not in round.label.lower():
        subtitle = pgettext("report", "%(label)s, as of %(date)s") % {
            "label": round.label,
            "date": as_of_text,
        }
    if as_of is not None:
        subtitle += " " + pgettext("report", "(as known on %(when)s)") % {"when": known_at_text}

    toc = [
        TocEntry("introduction", pgettext("report", "Introduction")),
        TocEntry("summary", pgettext("report", "Summary")),
    ]
    if assignments:
        toc.append(TocEntry("assignments", pgettext("report", "Strategic development assignments")))
    toc.extend(TocEntry(p.anchor, p.name) for p in perspectives)

    stem = pgettext("report", "follow-up")
    return Report(
        language=language,
        title=title,
        subtitle=subtitle,
        administration=administration.name,
        municipality=administration.municipality,
        plan_year=plan.year,
        round_label=round.label,
        as_of_date=round.as_of,
        as_of_text=as_of_text,
        known_at=as_of,
        known_at_text=known_at_text,
        boards=[board.name for board in plan.boards.all()],
        toc=toc,
        introduction_heading=pgettext("report", "Introduction"),
        introduction=_introduction(round, as_of_text),
        legend=_legend(plan) if has_postponed else "",
        summary_heading=pgettext("report", "Summary"),
        summary_text=pgettext(
            "report",
            "The table and the chart show how many activities there are in each status "
            "category. An activity that stands under several perspectives is counted under "
            "each of them, but only once in the total.",
        ),
        summary=summary,
        assignments_heading=pgettext("report", "Strategic development assignments"),
        assignments_text=pgettext(
            "report",
            "The municipal council gives the boards strategic development assignments in its "
            "budget: common ones for all boards and board-specific ones for one or more named "
            "boards. These are the assignments in this activity plan.",
        ),
        common_assignments=common,
        board_assignments=specific,
        perspectives=perspectives,
        records=builder.records,
        labels=_labels(),
        filename_stem=slugify(f"{stem}-{administration.short_code}-{plan.year}-{round.as_of}"),
    )


def _activities_known_at(plan, as_of) -> dict[int, Activity]:
    """The plan's activities as they were at `as_of`: created by then and not deleted then
    (deletions and restorations are read from the change records), with the text, end dates,
    parent and flags they had then (changes recorded later are undone)."""
    activities = Activity.all_objects.filter(plan=plan).select_related(
        "carried_over_from__plan", "parent"
    )
    if as_of is None:
        activities = activities.filter(deleted_at__isnull=True)
    else:
        activities = activities.filter(created_at__lte=as_of)
    by_id = {a.id: a for a in activities.prefetch_related("boards")}
    if as_of is not None and by_id:
        deleted_then = _deleted_at_the_time(by_id, as_of)
        by_id = {pk: a for pk, a in by_id.items() if not deleted_then.get(pk, False)}
        _undo_later_changes(Activity, {pk: [a] for pk, a in by_id.items()}, as_of)
    return by_id


def _deleted_at_the_time(by_id: dict[int, Activity], as_of) -> dict[int, bool]:
    """Whether each activity was deleted at `as_of`: its last deletion or restoration by then
    (without either, whether it is deleted since before then)."""
    deleted = {pk: a.deleted_at is not None and a.deleted_at <= as_of for pk, a in by_id.items()}
    moves = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Activity),
        object_id__in=[str(pk) for pk in by_id],
        action__in=[ChangeRecord.Action.DELETED, ChangeRecord.Action.RESTORED],
        changed_at__lte=as_of,
    ).order_by("changed_at", "id")
    for record in moves:
        deleted[int(record.object_id)] = record.action == ChangeRecord.Action.DELETED
    return deleted


# What "as of" undoes of the changes recorded after that moment, per model.
UNDOABLE_FIELDS = {
    Activity: ("text", "decided_end", "current_end", "parent", "represents_assignment"),
    MunicipalGoal: ("title",),
    BoardGoal: ("title", "description"),
    Assignment: ("text", "number", "is_struck"),
}


def _undo_later_changes(model, instances: dict[int, list], as_of) -> None:
    """Put back on `instances` ({pk: [objects]}) the values they had at `as_of`."""
    if not instances:
        return
    later = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in instances],
        action=ChangeRecord.Action.CHANGED,
        changed_at__gt=as_of,
    ).order_by("-changed_at", "-id")
    for record in later:
        for obj in instances.get(int(record.object_id), []):
            for name in UNDOABLE_FIELDS[model]:
                if name in record.changes:
                    # Applied newest first, so the oldest later change's old value wins.
                    _put_back(obj, name, record.changes[name][0])


def _put_back(obj, name: str, old) -> None:
    field = type(obj)._meta.get_field(name)
    if field.is_relation:
        setattr(obj, field.attname, old)  # the record keeps the related object's id
        return
    if old is None and not field.null:
        old = "" if isinstance(field, (models.CharField, models.TextField)) else field.default
    setattr(obj, name, field.to_python(old))


def _undo_later_changes_of_places(placements: list[Placement], as_of) -> None:
    """Goal and assignment texts in the report as they were at `as_of`."""
    for model, attribute in (
        (MunicipalGoal, "municipal_goal"),
        (BoardGoal, "board_goal"),
        (Assignment, "assignment"),
    ):
        instances: dict[int, list] = defaultdict(list)
        for placement in placements:
            obj = getattr(placement, attribute)
            if obj is not None:
                instances[obj.pk].append(obj)
        _undo_later_changes(model, instances, as_of)


def _placement_sort_key(placement: Placement, activities: dict[int, Activity]) -> tuple:
    perspective = placement.perspective
    goal = placement.municipal_goal
    board_goal = placement.board_goal
    assignment = placement.assignment
    return (
        perspective.order,
        perspective.name,
        (goal.order, goal.id) if goal else (-1, 0),
        (board_goal.order, board_goal.id) if board_goal else (-1, 0),
        _assignment_sort_key(assignment),
        placement.order,
        activities[placement.activity_id].order,
        placement.activity_id,
    )


def _assignment_sort_key(assignment: Assignment | None) -> tuple:
    if assignment is None:
        return (0,)
    scope = 0 if assignment.scope == Assignment.Scope.COMMON else 1
    number = assignment.number if assignment.number is not None else 10**6
    return (1, scope, number, assignment.order, assignment.id)


class _Sections:
    """Walks the sorted placements once and builds sections, rows, footnotes and records."""

    def __init__(self, activities, places_of, unplaced_parts, *, reports=None, labels=None):
        self.activities = activities
        self.reports = reports
        self.places_of = places_of
        self.unplaced_parts = unplaced_parts
        self.category_labels = labels
        self.perspectives: list[PerspectiveSection] = []
        self.records: list[PlacementRecord] = []
        self.all_lines: list[ActivityLine | LineRef] = []
        self.activity_ids_by_perspective: dict[str, set[int]] = defaultdict(set)
        self._perspective_key = None
        self._goal_key = None
        self._group_key = None
        self._assignment_key = None
        self._footnotes = 0
        self._words = _place_words()

    # -- structure -------------------------------------------------------------------------
    def _open(self, perspective_key, perspective_name, anchor):
        if self._perspective_key != perspective_key:
            self._perspective_key = perspective_key
            self._goal_key = self._group_key = self._assignment_key = None
            self.perspectives.append(PerspectiveSection(anchor=anchor, name=perspective_name))

    def _open_goal(self, goal):
        key = goal.id if goal else None
        if self._goal_key != key or not self.perspectives[-1].sections:
            self._goal_key = key
            self._group_key = self._assignment_key = None
            anchor = f"{self.perspectives[-1].anchor}-goal-{key or 0}"
            title = goal.title if goal else ""
            heading = (
                pgettext("report", "Municipal goal: %(title)s") % {"title": title} if goal else ""
            )
            self.perspectives[-1].sections.append(
                MunicipalGoalSection(anchor=anchor, title=title, heading=heading)
            )

    def _open_group(self, board_goal):
        section = self.perspectives[-1].sections[-1]
        key = board_goal.id if board_goal else None
        if self._group_key != key or not section.groups:
            self._group_key = key
            self._assignment_key = None
            section.groups.append(
                GoalGroup(
                    board_goal_title=board_goal.title if board_goal else "",
                    board_goal_description=board_goal.description if board_goal else "",
                )
            )

    def _open_assignment(self, assignment) -> AssignmentBlock | None:
        if assignment is None:
            return None
        group = self.perspectives[-1].sections[-1].groups[-1]
        if self._assignment_key != assignment.id:
            self._assignment_key = assignment.id
            group.assignments.append(
                AssignmentBlock(
                    assignment_id=assignment.id,
                    text=assignment.text,
                    label=assignment.label,
                    number=assignment.number,
                    scope_label=_scope_label(assignment),
                    is_struck=assignment.is_struck,
                    struck_label=pgettext("report", "Struck in the internal budget"),
                )
            )
        return group.assignments[-1]

    # -- rows ------------------------------------------------------------------------------
    def add(self, placement: Placement) -> None:
        perspective = placement.perspective
        self._open(perspective.id, perspective.name, f"perspective-{perspective.id}")
        self._open_goal(placement.municipal_goal)
        self._open_group(placement.board_goal)
        block = self._open_assignment(placement.assignment)
        activity = self.activities[placement.activity_id]
        line = self._line(activity, placement)
        if block is not None and activity.represents_assignment and block.direct is None:
            block.direct = line
        elif block is not None:
            block.activities.append(line)
        else:
            self.perspectives[-1].sections[-1].groups[-1].activities.append(line)
        self._record(line, placement)
        for part in self.unplaced_parts.get(activity.id, []):
            part_line = self._line(part, placement, is_part=True)
            (block.activities if block is not None else self._group().activities).append(part_line)
            self._record(part_line, placement)

    def add_orphan(self, activity: Activity) -> None:
        """An activity placed nowhere still shows, under 'Other activities'."""
        self._open("orphans", pgettext("report", "Other activities"), "other-activities")
        self._open_goal(None)
        self._open_group(None)
        line = self._line(activity, None)
        self._group().activities.append(line)
        self._record(line, None)

    def _group(self) -> GoalGroup:
        return self.perspectives[-1].sections[-1].groups[-1]

    def _line(self, activity: Activity, placement, *, is_part: bool = False) -> ActivityLine:
        footnote = self._footnote(activity, placement)
        line = self._make_line(activity, is_part=is_part, footnote=footnote)
        self.all_lines.append(line)
        key = self.perspectives[-1].anchor
        self.activity_ids_by_perspective[key].add(activity.id)
        return line

    def _make_line(self, activity: Activity, *, is_part: bool, footnote) -> ActivityLine:
        return _activity_line(
            activity,
            self.reports.get(activity.id),
            self.category_labels,
            is_part=is_part,
            footnote=footnote,
        )

    def _footnote(self, activity: Activity, placement) -> Footnote | None:
        others = [p for p in self.places_of.get(activity.id, []) if p is not placement]
        if placement is None or not others:
            return None
        self._footnotes += 1
        words = self._words
        places = words["and"].join(_describe_place(p, placement, words) for p in others)
        note = Footnote(
            self._footnotes,
            words["also"] % {"places": places},
        )
        self.perspectives[-1].sections[-1].footnotes.append(note)
        return note

    def _record(self, line: ActivityLine, placement) -> None:
        assignment = placement.assignment if placement else None
        board_goal = placement.board_goal if placement else None
        self.records.append(
            PlacementRecord(
                activity_id=line.activity_id,
                perspective=placement.perspective.name if placement else "",
                municipal_goal=placement.municipal_goal.title
                if placement and placement.municipal_goal
                else "",
                board_goal=board_goal.title if board_goal else "",
                board_goal_description=board_goal.description if board_goal else "",
                assignment=assignment.text if assignment else "",
                assignment_number=assignment.number if assignment else None,
                assignment_kind=_scope_label(assignment) if assignment else "",
                activity=line.text,
                part_of=line.part_of,
                boards=line.boards_display,
                decided_end=line.decided_end,
                current_end=line.current_end,
                postponed=pgettext("report", "Yes") if line.postponed else pgettext("report", "No"),
                carried_over_from=line.carried_over_year,
                status=line.status,
                status_category=line.status_category_label,
                comment=line.comment,
                changed_by=line.changed_by,
                changed_at=line.changed_at,
            )
        )


def _activity_line(
    activity: Activity, report: StatusReport | None, labels: dict, *, is_part: bool, footnote
) -> ActivityLine:
    """One table row: the activity with its current report in the round (or none)."""
    category = _category(report)
    year = activity.carried_over_year
    decided = str(activity.decided_end or "")
    current = str(activity.current_end or activity.decided_end or "")
    return ActivityLine(
        activity_id=activity.id,
        text=activity.text,
        carried_over_year=year,
        carried_over_label=pgettext("report", "Remains from %(year)s") % {"year": year}
        if year
        else "",
        boards=tuple(board.display_code for board in activity.boards.all()),
        decided_end=decided,
        current_end=current,
        postponed=activity.is_postponed,
        status=report.display_status if report else "",
        status_category=category,
        status_category_label=labels[category],
        comment=report.comment if report else "",
        changed_by=report.author_display if report else "",
        changed_at=report.created_at if report else None,
        is_part=is_part or activity.parent_id is not None,
        part_of=activity.parent.text if activity.parent_id else "",
        footnote=footnote,
        parent_id=activity.parent_id,
        version=report.version if report else 0,
    )


def _place_words() -> dict[str, str]:
    """The words of a footnote in the current language, looked up once per report."""
    return {
        "and": pgettext("report", " and "),
        "also": pgettext("report", "The activity also stands under %(places)s."),
        "board_goal": pgettext("report", "board goal “%(title)s”"),
        "municipal_goal": pgettext("report", "municipal goal “%(title)s”"),
        "perspective": pgettext("report", "perspective %(name)s"),
    }


def _describe_place(placement: Placement, seen_from: Placement, words: dict[str, str]) -> str:
    """'nämndmål ”Maximalt lärande”, Kommungemensamt strategiskt utvecklingsuppdrag 2'."""
    parts = []
    if placement.board_goal:
        parts.append(words["board_goal"] % {"title": placement.board_goal.title})
    if placement.assignment:
        parts.append(placement.assignment.label)
    if not parts and placement.municipal_goal:
        parts.append(words["municipal_goal"] % {"title": placement.municipal_goal.title})
    if not parts:
        parts.append(words["perspective"] % {"name": placement.perspective.name})
    place = ", ".join(parts)
    if placement.perspective_id != seen_from.perspective_id:
        place += f" ({placement.perspective.name})"
    return place


def _summary(perspectives, ids_by_perspective, category_of: dict, boards_of: dict) -> Summary:
    """How many activities stand in each status category, per perspective, per board and in
    all (each activity once). `category_of`: {activity id: its category}; `boards_of`:
    {activity id: its boards' display codes}."""
    labels = category_labels()
    keys = list(CATEGORY_KEYS)
    shown = set().union(*ids_by_perspective.values()) if ids_by_perspective else set()
    if any(category_of[i] == OTHER for i in shown):
        keys.append(OTHER)
    keys.append(MISSING)

    def row(label: str, ids) -> SummaryRow:
        counted = Counter(category_of[i] for i in ids)
        return SummaryRow(label=label, counts=tuple(counted[key] for key in keys), total=len(ids))

    by_perspective = tuple(row(p.name, ids_by_perspective[p.anchor]) for p in perspectives)
    ids_by_board: dict[str, set[int]] = defaultdict(set)
    for activity_id in shown:
        for code in boards_of.get(activity_id, ()):
            ids_by_board[code].add(activity_id)
    by_board = tuple(row(code, ids_by_board[code]) for code in sorted(ids_by_board))
    return Summary(
        categories=tuple((key, labels[key]) for key in keys),
        by_perspective=by_perspective,
        by_board=by_board,
        total=row(pgettext("report", "Total"), shown),
    )


def _scope_label(assignment: Assignment) -> str:
    if assignment.scope == Assignment.Scope.COMMON:
        return pgettext("report", "Common")
    return pgettext("report", "Board-specific")


def _assignment_item(assignment: Assignment) -> AssignmentItem:
    return AssignmentItem(
        number=assignment.number,
        text=assignment.text,
        boards=", ".join(board.display_code for board in assignment.boards.all()),
        struck_label=pgettext("report", "Struck in the internal budget")
        if assignment.is_struck
        else "",
    )


def _introduction(round: FollowUpRound, as_of_text: str) -> list[str]:
    if round.introduction.strip():
        return [p.strip() for p in round.introduction.replace("\r\n", "\n").split("\n\n")]
    return [
        pgettext(
            "report",
            "The activity plan gathers the activities the administration carries out to reach "
            "the boards' goals and to fulfil the municipal council's strategic development "
            "assignments.",
        )
        + " "
        + pgettext(
            "report",
            "The follow-up focuses on whether the activities have been carried out or not as "
            "of %(date)s.",
        )
        % {"date": as_of_text}
    ]


def _legend(plan) -> str:
    if plan.decided_on:
        return pgettext(
            "report",
            "An asterisk (*) after the end date means that the activity's end date has been "
            "moved compared with the activity plan as decided on %(date)s.",
        ) % {"date": date_format(plan.decided_on, "j F Y")}
    return pgettext(
        "report",
        "An asterisk (*) after the end date means that the activity's end date has been moved "
        "compared with the activity plan as first decided.",
    )


def _labels() -> Labels:
    return Labels(
        columns=(
            pgettext("report", "Board goal"),
            pgettext("report", "Activity"),
            pgettext("report", "Board"),
            pgettext("report", "End date"),
            pgettext("report", "Status"),
            pgettext("report", "Comment"),
        ),
        summary_columns_perspective=pgettext("report", "Perspective"),
        summary_columns_board=pgettext("report", "Board"),
        total=pgettext("report", "Total"),
        contents=pgettext("report", "Contents"),
        chart_title=pgettext("report", "Activities per status category and perspective"),
        chart_description=pgettext("report", "The same figures are given as text in the table."),
        common_assignments=pgettext("report", "Common to all boards"),
        board_assignments=pgettext("report", "Board-specific assignments"),
        record_columns=(
            pgettext("report", "Activity id"),
            pgettext("report", "Perspective"),
            pgettext("report", "Municipal goal"),
            pgettext("report", "Board goal"),
            pgettext("report", "Board goal description"),
            pgettext("report", "Strategic assignment"),
            pgettext("report", "Assignment number"),
            pgettext("report", "Assignment kind"),
            pgettext("report", "Activity"),
            pgettext("report", "Part of"),
            pgettext("report", "Board"),
            pgettext("report", "Decided end date"),
            pgettext("report", "Current end date"),
            pgettext("report", "Postponed"),
            pgettext("report", "Carried over from"),
            pgettext("report", "Status"),
            pgettext("report", "Status category"),
            pgettext("report", "Comment"),
            pgettext("report", "Last changed by"),
            pgettext("report", "Last changed"),
        ),
        activities_sheet=pgettext("report", "Activities"),
        summary_sheet=pgettext("report", "Summary"),
    )


# --- the outline: the report laid out without reading its rows -----------------------------


def report_outline(*, round: FollowUpRound, language: str | None = None) -> Report:
    """The report of `round` as it is now, as build_report lays it out, without reading its
    table rows: each row's activity is a LineRef (read_lines reads the rows shown). The front
    matter is whole: the summary is counted from each activity's category and boards, read as
    plain values (no model objects), so a page of a large plan costs the page, not the plan."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        return _outline(round, language)


class _ActivityFacts(NamedTuple):
    """What the outline reads of an activity."""

    id: int
    order: int
    parent_id: int | None
    represents_assignment: bool
    postponed: bool  # Activity.is_postponed, as the database reads it (with_postponement)


class _Place(NamedTuple):
    """What the outline reads of a placement, with its perspective, goals and assignment."""

    id: int
    activity_id: int
    order: int
    perspective_id: int
    perspective: Perspective
    municipal_goal: MunicipalGoal | None
    board_goal: BoardGoal | None
    assignment: Assignment | None


def _outline(round: FollowUpRound, language: str) -> Report:
    round = FollowUpRound.objects.select_related("plan__administration").get(pk=round.pk)
    plan = round.plan
    activities = {
        row[0]: _ActivityFacts(*row)
        for row in Activity.all_objects.filter(plan=plan, deleted_at__isnull=True)
        .order_by()
        .with_postponement()
        .values_list("id", "order", "parent_id", "represents_assignment", "end_postponed")
    }
    rows = [
        row
        for row in Placement.objects.filter(activity__plan=plan)
        .order_by("id")
        .values_list(
            "id",
            "activity_id",
            "order",
            "perspective_id",
            "municipal_goal_id",
            "board_goal_id",
            "assignment_id",
        )
        if row[1] in activities
    ]
    assignments = list(
        Assignment.objects.filter(plan=plan).prefetch_related("boards").order_by("scope", "number")
    )
    perspectives = Perspective.objects.in_bulk({row[3] for row in rows})
    goals = MunicipalGoal.objects.in_bulk({row[4] for row in rows if row[4]})
    board_goals = BoardGoal.objects.in_bulk({row[5] for row in rows if row[5]})
    assignment_of = {assignment.pk: assignment for assignment in assignments}
    missing = {row[6] for row in rows if row[6] and row[6] not in assignment_of}
    assignment_of |= Assignment.objects.in_bulk(missing) if missing else {}
    places = [
        _Place(
            pk,
            activity_id,
            order,
            perspective_id,
            perspectives[perspective_id],
            goals.get(goal_id),
            board_goals.get(board_goal_id),
            assignment_of.get(assignment_id),
        )
        for pk, activity_id, order, perspective_id, goal_id, board_goal_id, assignment_id in rows
    ]
    builder = _lay_out(_Outline, activities, places)

    category_of = dict.fromkeys(activities, MISSING)
    current = StatusReport.objects.filter(round=round).current().order_by()  # order: no need
    for activity_id, status_id, category in current.values_list(
        "activity_id", "status_id", "status__category"
    ):
        if activity_id in activities:
            category_of[activity_id] = category if status_id is not None else OTHER
    boards_of = defaultdict(list)
    for activity_id, code in Activity.boards.through.objects.filter(
        activity__plan=plan
    ).values_list("activity_id", "board__display_code"):
        boards_of[activity_id].append(code)
    summary = _summary(
        builder.perspectives, builder.activity_ids_by_perspective, category_of, boards_of
    )
    return _report(
        round=round,
        as_of=None,
        language=language,
        builder=builder,
        summary=summary,
        assignments=assignments,
    )


class _Outline(_Sections):
    """Lays the report out as _Sections does, with a LineRef in each row's place."""

    def _make_line(self, activity: _ActivityFacts, *, is_part: bool, footnote) -> LineRef:
        return LineRef(
            activity_id=activity.id,
            is_part=is_part,
            footnote=footnote,
            postponed=activity.postponed,
        )

    def _record(self, line, placement) -> None:
        """The sheets' rows (records) are not part of an outline."""


def read_lines(perspectives: list[PerspectiveSection], *, round: FollowUpRound, language: str):
    """The perspectives with each LineRef read into the ActivityLine that build_report puts in
    its place (a line read already stays as it is). A fixed number of queries."""
    refs = []
    each_line(perspectives, lambda line: refs.append(line) or line)
    lines = _read(refs, round=round, language=language)
    return each_line(perspectives, lambda line: lines.get(line, line))


def read_rows(rows: list, *, round: FollowUpRound, language: str) -> list:
    """Table rows (lines and assignment blocks, as GoalGroup.rows gives them) with each
    LineRef read, as read_lines does."""
    refs = []
    for row in rows:
        if row.is_assignment:
            each_line_of_block(row, lambda line: refs.append(line) or line)
        else:
            refs.append(row)
    lines = _read(refs, round=round, language=language)
    return [
        each_line_of_block(row, lambda line: lines.get(line, line))
        if row.is_assignment
        else lines.get(row, row)
        for row in rows
    ]


def _read(refs: list, *, round: FollowUpRound, language: str) -> dict:
    """{LineRef: ActivityLine} for the LineRefs among `refs`."""
    refs = [ref for ref in refs if isinstance(ref, LineRef)]
    if not refs:
        return {}
    ids = {ref.activity_id for ref in refs}
    activities = (
        Activity.all_objects.filter(pk__in=ids)
        .select_related("carried_over_from__plan", "parent")
        .prefetch_related("boards")
        .in_bulk()
    )
    reports = {
        report.activity_id: report
        for report in StatusReport.objects.filter(round=round, activity_id__in=ids)
        .current()
        .select_related("status", "author")
        .order_by()  # the default order joins four tables to sort what a dict does not need
    }
    with translation.override(language):
        labels = category_labels()
        return {
            ref: _activity_line(
                activities[ref.activity_id],
                reports.get(ref.activity_id),
                labels,
                is_part=ref.is_part,
                footnote=ref.footnote,
            )
            for ref in refs
        }
