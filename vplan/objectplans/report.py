"""The object plan as one report model, built once from the database, laid out as an object plan document is.

`build_object_plan_report(object_plan=...)` returns an `ObjectPlanReport`: the title and a list
of sections holding paragraphs, bullet lists and tables, every text already translated and every
amount already formatted the Swedish way. render_docx and render_pdf take this model and nothing
else, so the Word file and the PDF show the same plan. The status of an activity linked to a
plan's activity is that activity's current status (the one the follow-up report shows).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vplan.objectplans.models import (
    BudgetKind,
    FollowUpItem,
    LongTermGoal,
    ObjectPlan,
    ObjectPlanActivity,
)
from vplan.objectplans.money import format_sek


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Cell:
    text: str
    bold: bool = False
    numeric: bool = False
    lines: list[str] = field(default_factory=list)  # further paragraphs of the cell


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Cell]]
    numeric_columns: tuple[int, ...] = ()
    widths: tuple[int, ...] = ()  # relative widths, for the renderers
    key: str = ""  # what the table holds, for code that looks for one table


@dataclass
class Section:
    heading: str
    level: int
    blocks: list = field(default_factory=list)
    anchor: str = ""


@dataclass
class ObjectPlanReport:
    title: str
    title_lines: list[str]
    language: str
    object_name: str
    year: int
    sections: list[Section]
    filename_stem: str

    def activity_statuses(self) -> dict[str, str]:
        """Activity text -> status cell of the prioritised activities table (for checks)."""
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table) and block.key == "activities":
                    return {row[1].text: row[2].text for row in block.rows}
        return {}


def build_object_plan_report(
    *, object_plan: ObjectPlan, language: str | None = None
) -> ObjectPlanReport:
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        return _Builder(object_plan).build(language)


def _money_cell(amount, *, bold: bool = False) -> Cell:
    return Cell(format_sek(amount), bold=bold, numeric=True)


class _Builder:
    def __init__(self, object_plan: ObjectPlan):
        self.plan = (
            ObjectPlan.all_objects.with_object()
            .prefetch_related("versions", "versions__approved_by")
            .get(pk=object_plan.pk)
        )

    def build(self, language: str) -> ObjectPlanReport:
        plan = self.plan
        it_object = plan.it_object
        title_lines = [
            _("Strategic object plan for the object"),
            it_object.name,
            _("for the year %(year)s") % {"year": plan.year},
        ]
        sections = [
            self.versions(),
            Section(_("Introduction"), 1),
            self.purpose(),
            self.background(),
            self.period(),
            Section(
                _("Goals"),
                1,
                [
                    Paragraph(
                        _(
                            "Important conditions for the object, its direction and long-term goals are described below."
                        )
                    )
                ],
            ),
            self.governing_documents(),
            self.activities(),
            *self.long_term_goals(),
            self.budget(),
            self.financing(),
        ]
        sections = [section for section in sections if section is not None]
        for number, section in enumerate(sections, start=1):
            section.anchor = f"s{number}-{slugify(section.heading)[:40]}"
        return ObjectPlanReport(
            title=" ".join(title_lines),
            title_lines=title_lines,
            language=language,
            object_name=it_object.name,
            year=plan.year,
            sections=sections,
            filename_stem=slugify(f"objektplan-{it_object.short_name}-{plan.year}"),
        )

    def versions(self) -> Section:
        rows = []
        versions = sorted(self.plan.versions.all(), key=lambda v: v.number_key)
        for version in versions:
            comment = version.comment or version.get_state_display()
            if version.approver_display:
                approved = _("approved by %(name)s") % {"name": version.approver_display}
                comment = f"{comment} ({approved})"
            rows.append(
                [
                    Cell(version.number),
                    Cell(date_format(version.date, "SHORT_DATE_FORMAT") if version.date else ""),
                    Cell(comment),
                ]
            )
        table = Table(
            _("Version history"),
            [_("Version"), _("Date"), _("Comment")],
            rows,
            widths=(1, 2, 7),
        )
        return Section(_("Version history of the strategic object plan"), 2, [table])

    def purpose(self) -> Section | None:
        blocks = [Paragraph(text) for text in _paragraphs(self.plan.purpose)]
        roles = list(self.plan.it_object.roles.all())
        if roles:
            rows = [
                [Cell(role.get_kind_display()), Cell(role.name), Cell(role.title)] for role in roles
            ]
            blocks.append(
                Table(_("Object owners and leaders"), [_("Role"), _("Name"), _("Title")], rows)
            )
        return Section(_("Purpose and audience"), 2, blocks) if blocks else None

    def background(self) -> Section | None:
        plan = self.plan
        blocks: list = [Paragraph(text) for text in _paragraphs(plan.background)]
        items = list(plan.follow_up_items.all())
        delays = [item for item in items if item.kind == FollowUpItem.Kind.DELAY]
        overruns = [item for item in items if item.kind == FollowUpItem.Kind.OVERRUN]
        if delays:
            blocks.append(Paragraph(_("Delayed procurements and introductions:")))
            blocks.append(Bullets([_with_reason(item) for item in delays]))
        if overruns:
            blocks.append(
                Paragraph(
                    _("Procurements and introductions that did not keep to the calculated costs:")
                )
            )
            blocks.append(Bullets([_with_reason(item) for item in overruns]))
        blocks += [Paragraph(text) for text in _paragraphs(plan.follow_up_reasons)]
        if not blocks:
            return None
        return Section(_("Background and previous management period"), 2, blocks)

    def period(self) -> Section:
        plan = self.plan
        text = _("The object plan covers the period %(start)s – %(end)s.") % {
            "start": plan.period_start.isoformat(),
            "end": plan.period_end.isoformat(),
        }
        return Section(_("Management period"), 2, [Paragraph(text)])

    def governing_documents(self) -> Section:
        blocks: list = [Paragraph(text) for text in _paragraphs(self.plan.direction)]
        rows = [
            [
                Cell(str(document.number)),
                Cell(document.title),
                _multiline_cell(document.goal),
                _multiline_cell(document.impact),
            ]
            for document in self.plan.governing_documents.all()
        ]
        if rows:
            blocks.append(
                Table(
                    _("Governing documents"),
                    [
                        _("ID no"),
                        _("Governing document"),
                        _("Goal/direction"),
                        _("Effect on the object"),
                    ],
                    rows,
                    widths=(1, 3, 5, 4),
                )
            )
        return Section(_("Overall conditions and direction"), 2, blocks)

    def activities(self) -> Section | None:
        items = list(ObjectPlanActivity.objects.filter(object_plan=self.plan).with_linked_status())
        if not items:
            return None
        rows = [[Cell(item.unit), Cell(item.text), Cell(item.status_display)] for item in items]
        table = Table(
            _("Prioritised activities"),
            [_("Unit"), _("Activity"), _("Status")],
            rows,
            widths=(1, 6, 2),
            key="activities",
        )
        intro = Paragraph(
            _("The status of an activity that is also in an activity plan is its status there.")
        )
        return Section(
            _("Prioritised activities %(year)s") % {"year": self.plan.year}, 2, [intro, table]
        )

    def long_term_goals(self) -> list[Section]:
        areas = list(self.plan.goal_areas.prefetch_related("goals"))
        sections = []
        for area in areas:
            blocks: list = [Paragraph(text) for text in _paragraphs(area.text)]
            goals = [goal for goal in area.goals.all() if goal.parent_id is None]
            subgoals: dict[int, list[LongTermGoal]] = {}
            for goal in area.goals.all():
                if goal.parent_id is not None:
                    subgoals.setdefault(goal.parent_id, []).append(goal)
            if goals:
                rows = []
                for goal in goals:
                    description = Cell(
                        goal.description,
                        lines=[
                            f"• {sub.code}, {sub.description}" for sub in subgoals.get(goal.pk, [])
                        ],
                    )
                    rows.append([Cell(goal.code), Cell(goal.title, bold=True), description])
                blocks.append(
                    Table(
                        _("Long-term goals %(unit)s") % {"unit": area.unit},
                        [_("ID no"), _("Goal"), _("Description of the goal")],
                        rows,
                        widths=(1, 3, 8),
                    )
                )
            heading = area.heading or _("Long-term goals %(unit)s") % {"unit": area.unit}
            sections.append(Section(heading, 2, blocks))
        return sections

    def budget(self) -> Section:
        plan = self.plan
        summary = plan.budget()
        year, previous = plan.year, plan.year - 1
        blocks: list = [
            Paragraph(
                _(
                    "This section describes the object's budget for the period and how the object is financed."
                )
            )
        ]
        if plan.maintenance_definition:
            blocks.append(Paragraph(f"VM = {plan.maintenance_definition}"))
        if plan.development_definition:
            blocks.append(Paragraph(f"VU = {plan.development_definition}"))
        budget_header = _("Budget %(year)s") % {"year": year}
        forecast_header = _("Forecast %(year)s") % {"year": previous}
        kind_rows = [
            [Cell(kind), _money_cell(summary.by_kind.get(kind)), Cell("", numeric=True)]
            for kind in BudgetKind.values
        ]
        kind_rows.append(
            [
                Cell(_("Total"), bold=True),
                _money_cell(summary.total, bold=True),
                _money_cell(summary.forecast, bold=True),
            ]
        )
        blocks.append(
            Table(
                _("Budget per kind"),
                [_("VM/VU"), budget_header, forecast_header],
                kind_rows,
                numeric_columns=(1, 2),
                widths=(2, 3, 3),
            )
        )
        if summary.difference is not None:
            blocks.append(
                Paragraph(
                    _(
                        "The difference between the budget %(year)s and the forecast %(previous)s, %(difference)s, is explained by:"
                    )
                    % {
                        "year": year,
                        "previous": previous,
                        "difference": format_sek(summary.difference),
                    }
                )
            )
            reasons = plan.forecast_reasons()
            if reasons:
                blocks.append(Bullets(reasons))
        board_rows = []
        for board, kinds, board_total in summary.board_rows():
            for kind, amount in kinds:
                board_rows.append([Cell(board), Cell(kind), _money_cell(amount)])
            board_rows.append(
                [
                    Cell(_("%(board)s Total") % {"board": board}, bold=True),
                    Cell(""),
                    _money_cell(board_total, bold=True),
                ]
            )
        board_rows.append(
            [Cell(_("Total"), bold=True), Cell(""), _money_cell(summary.total, bold=True)]
        )
        blocks.append(
            Table(
                _("Budget per board and kind"),
                [_("Board"), _("VM/VU"), budget_header],
                board_rows,
                numeric_columns=(2,),
                widths=(3, 2, 3),
            )
        )
        return Section(_("Budget and financing"), 2, blocks)

    def financing(self) -> Section:
        plan = self.plan
        summary = plan.budget()
        items = plan.financing_principle_list()
        for key in plan.allocation_keys.prefetch_related("shares__board"):
            items.append(
                key.text
                or _("Shared posts between %(boards)s are split %(weights)s.") % _key_parts(key)
            )
        blocks: list = [
            Paragraph(
                _("The budget %(year)s is proposed to be split between the boards as follows:")
                % {"year": plan.year}
            )
        ]
        if items:
            blocks.append(Bullets(items))
        posts = list(
            plan.shared_posts.select_related("key").prefetch_related(
                "lines__board", "key__shares__board"
            )
        )
        if posts:
            rows = [
                [
                    Cell(post.description or post.system or post.get_kind_display()),
                    Cell(post.kind),
                    Cell(post.key.label),
                    _money_cell(post.amount),
                    Cell(
                        "; ".join(
                            f"{line.board.display_code} {format_sek(line.amount)}"
                            for line in post.lines.all()
                            if not line.is_deleted
                        )
                    ),
                ]
                for post in posts
            ]
            blocks.append(
                Table(
                    _("Shared posts"),
                    [_("Post"), _("VM/VU"), _("Key"), _("Amount"), _("Shares")],
                    rows,
                    numeric_columns=(3,),
                )
            )
        rows = [
            [Cell(summary.board_names.get(code, code)), _money_cell(amount)]
            for code, amount in sorted(summary.by_board.items())
        ]
        rows.append([Cell(_("Grand Total"), bold=True), _money_cell(summary.total, bold=True)])
        blocks.append(
            Table(
                _("Budget per board"),
                [_("Board"), _("Budget %(year)s") % {"year": plan.year}],
                rows,
                numeric_columns=(1,),
                widths=(3, 3),
            )
        )
        return Section(_("Financing"), 2, blocks)


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def _multiline_cell(text: str) -> Cell:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (
        Cell(lines[0] if lines else "", lines=[])
        if len(lines) <= 1
        else Cell(lines[0], lines=lines[1:])
    )


def _with_reason(item: FollowUpItem) -> str:
    return f"{item.text} – {item.reason}" if item.reason else item.text


def _key_parts(key) -> dict[str, str]:
    boards, _sep, weights = key.label.partition(" ")
    return {"boards": boards, "weights": weights}
