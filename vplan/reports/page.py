"""The report page: the report's front matter and one part of its tables, a page at a time.

A report of a large plan has thousands of table rows; the page shows its title, introduction,
summary and assignments, the contents (each perspective and municipal goal with how many
activities stand there) and the rows of the chosen perspective or municipal goal (or of the
whole report), `PAGE_ROWS` at a time. Downloads keep the whole report. The API's report of a
round (vplan/api/endpoints/reports.py) reads its pages of rows here too (ReportSource.window).

What a reader sees (ReportSource) is read for each request, and only as much as is shown:
- a round as it is now: its outline (document.report_outline: the front matter, the summary and
  the tables' layout, counted from plain values), and only the rows shown are read
  (document.read_lines);
- a published round: the publication's frozen data (kept for the next request: a publication
  never changes), of which only the groups shown are turned into report objects (decoding all
  of a large report's rows costs more than the whole page);
- a round as known at an earlier moment (as_of): built whole, as the downloads build it.
"""

import dataclasses
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Func, JSONField
from django.db.models.fields.json import KeyTransform
from django.utils import translation

from vplan.followups.models import FollowUpRound
from vplan.kept import KeptFrozen
from vplan.neutralise import xml_safe_copy
from vplan.reports.document import (
    build_report,
    each_line,
    each_line_of_block,
    line_without_personal_name,
    read_lines,
    read_rows,
    report_outline,
    without_personal_names,
)
from vplan.reports.models import Publication
from vplan.reports.publication import Viewer, shown_publication
from vplan.reports.snapshot import report_from_data

PAGE_ROWS = 50


@dataclass
class PageGroup:
    """The rows of one board goal (or none) shown on this page."""

    board_goal_title: str
    board_goal_description: str
    rows: list
    continued: bool  # the group began on an earlier page

    @property
    def row_count(self) -> int:
        return len(self.rows)


@dataclass
class PageSection:
    anchor: str
    heading: str
    groups: list[PageGroup] = field(default_factory=list)
    footnotes: list = field(default_factory=list)


@dataclass
class PagePerspective:
    anchor: str
    name: str
    sections: list[PageSection] = field(default_factory=list)


@dataclass
class ContentsEntry:
    """A perspective or a municipal goal in the report's contents, with its activities."""

    parameter: str  # "perspective" or "goal": the URL parameter that shows it
    anchor: str
    title: str
    activities: int = 0
    children: list["ContentsEntry"] = field(default_factory=list)
    url: str = ""
    is_current: bool = False


class ReportRows:
    """The table rows of the report's chosen part, as a sequence for vplan.paging.page_of:
    its length is counted from the data, and a slice turns into report objects only the groups
    it touches."""

    def __init__(self, source: "ReportSource", *, perspective: str = "", goal: str = ""):
        self.source = source
        # (perspective index, section index, group index, first row, row count) of each group
        self.groups = [
            (p, s, g, first, count)
            for p, s, g, first, count in source.group_spans()
            if _chosen(source, p, s, perspective=perspective, goal=goal)
        ]
        starts, total = [], 0
        for *_place, count in self.groups:
            starts.append(total)
            total += count
        self.starts = starts
        self.total = total

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[PagePerspective]:
        start, stop, _step = window.indices(self.total)
        touched = [
            (position, span)
            for position, span in zip(self.starts, self.groups, strict=True)
            if position < stop and position + span[4] > start
        ]
        report = self.source.report_with_groups([span[:3] for _position, span in touched])
        decoded = [
            (perspective, section, group)
            for perspective in report.perspectives
            for section in perspective.sections
            for group in section.groups
        ]
        shown: list[PagePerspective] = []
        for (position, _span), (perspective, section, group) in zip(touched, decoded, strict=True):
            if not shown or shown[-1].anchor != perspective.anchor:
                shown.append(PagePerspective(perspective.anchor, perspective.name))
            sections = shown[-1].sections
            if not sections or sections[-1].anchor != section.anchor:
                sections.append(PageSection(section.anchor, section.heading))
                sections[-1].footnotes = section.footnotes
            rows = group.rows[max(0, start - position) : stop - position]
            sections[-1].groups.append(
                PageGroup(
                    group.board_goal_title,
                    group.board_goal_description,
                    rows,
                    continued=start > position,
                )
            )
        groups = [group for p in shown for section in p.sections for group in section.groups]
        rows = iter(self.source.seen_rows([row for group in groups for row in group.rows]))
        for group in groups:
            group.rows = [next(rows) for _row in group.rows]
        for perspective in shown:
            for section in perspective.sections:
                section.footnotes = _footnotes_of(section)
        return xml_safe_copy(shown) if self.source.xml_safe else shown


def _chosen(source, p: int, s: int, *, perspective: str, goal: str) -> bool:
    if perspective and source.perspective_anchor(p) != perspective:
        return False
    return not goal or source.section_anchor(p, s) == goal


def _footnotes_of(section: PageSection) -> list:
    """The section's footnotes that the rows on this page refer to."""
    numbers = set()
    for group in section.groups:
        for row in group.rows:
            line = row.direct if row.is_assignment else row
            if line is not None and line.footnote is not None:
                numbers.add(line.footnote.number)
    return [note for note in section.footnotes if note.number in numbers]


class ReportSource:
    """The report a reader sees: the frozen data of a publication, or the report of the round
    as built now (its outline, the rows read when shown; or built whole).

    `xml_safe`: every text made XML-safe (the page, as the downloads); the API gives the texts
    as they are."""

    def __init__(
        self,
        *,
        report=None,
        data: dict | None = None,
        round: FollowUpRound | None = None,
        viewer: Viewer,
        xml_safe: bool = True,
    ):
        self.report = report
        self.data = data
        self.round = round
        self.viewer = viewer
        self.xml_safe = xml_safe

    # --- reading the structure without decoding it ---------------------------------------

    def _perspectives(self) -> list:
        if self.data is not None:
            return self.data["perspectives"]
        return self.report.perspectives

    @staticmethod
    def _get(item, name):
        return item[name] if isinstance(item, dict) else getattr(item, name)

    def perspective_anchor(self, p: int) -> str:
        return self._get(self._perspectives()[p], "anchor")

    def section_anchor(self, p: int, s: int) -> str:
        return self._get(self._get(self._perspectives()[p], "sections")[s], "anchor")

    def group_spans(self):
        get = self._get
        first = 0
        for p, perspective in enumerate(self._perspectives()):
            for s, section in enumerate(get(perspective, "sections")):
                for g, group in enumerate(get(section, "groups")):
                    count = len(get(group, "activities")) + sum(
                        1 + len(get(block, "activities")) for block in get(group, "assignments")
                    )
                    yield p, s, g, first, count
                    first += count

    def contents(self) -> list[ContentsEntry]:
        """Each perspective and municipal goal with the number of activities in its table (an
        assignment reported directly counts as one)."""
        get = self._get
        entries = []
        for perspective in self._perspectives():
            entry = ContentsEntry(
                "perspective", get(perspective, "anchor"), get(perspective, "name")
            )
            for section in get(perspective, "sections"):
                activities = sum(
                    len(get(group, "activities"))
                    + sum(
                        len(get(block, "activities")) + (get(block, "direct") is not None)
                        for block in get(group, "assignments")
                    )
                    for group in get(section, "groups")
                )
                entry.activities += activities
                if get(section, "title"):
                    entry.children.append(
                        ContentsEntry(
                            "goal", get(section, "anchor"), get(section, "title"), activities
                        )
                    )
            entries.append(entry)
        return entries

    # --- the report objects the page shows ------------------------------------------------

    def frame(self):
        """The report without its tables' rows (title, introduction, summary, assignments)."""
        if self.data is not None:
            report = report_from_data(self.data | {"perspectives": [], "records": []})
        else:
            report = dataclasses.replace(self.report, perspectives=[], records=[])
        return self._as_seen(report)

    def report_with_groups(self, keys: list[tuple[int, int, int]]):
        """The report holding only these groups (perspective, section, group indexes), its
        rows not yet read nor made what the reader sees (seen_rows, seen_perspectives)."""
        wanted = set(keys)
        get = self._get
        kept = []
        for p, perspective in enumerate(self._perspectives()):
            sections = []
            for s, section in enumerate(get(perspective, "sections")):
                groups = [g for i, g in enumerate(get(section, "groups")) if (p, s, i) in wanted]
                if groups:
                    sections.append(_with(section, groups=groups))
            if sections:
                kept.append(_with(perspective, sections=sections))
        if self.data is not None:
            return report_from_data(self.data | {"perspectives": kept, "records": []})
        return dataclasses.replace(self.report, perspectives=kept, records=[])

    def seen_rows(self, rows: list) -> list:
        """Table rows (GoalGroup.rows) read and without the names the reader may not see."""
        if self.round is not None:
            rows = read_rows(rows, round=self.round, language=self._language())
        if not self.viewer.sees_personal_names:
            rows = [
                each_line_of_block(row, line_without_personal_name)
                if row.is_assignment
                else line_without_personal_name(row)
                for row in rows
            ]
        return rows

    def seen_perspectives(self, perspectives: list) -> list:
        """Perspectives (their tables) read and as the reader sees them."""
        if self.round is not None:
            perspectives = read_lines(perspectives, round=self.round, language=self._language())
        if not self.viewer.sees_personal_names:
            perspectives = each_line(perspectives, line_without_personal_name)
        return xml_safe_copy(perspectives) if self.xml_safe else perspectives

    def window(self, offset: int, limit: int) -> tuple[list, int]:
        """The report's table rows `offset` to `offset + limit` under what they stand under
        (rows_window), read and as the reader sees them; and how many rows there are in all.
        Only the groups the window touches are decoded or read."""
        spans = list(self.group_spans())
        total = spans[-1][3] + spans[-1][4] if spans else 0
        touched = [
            span for span in spans if span[3] < offset + limit and span[3] + span[4] > offset
        ]
        if not touched:
            return [], total
        report = self.report_with_groups([span[:3] for span in touched])
        perspectives, _count = rows_window(report.perspectives, offset - touched[0][3], limit)
        return self.seen_perspectives(perspectives), total

    def _language(self) -> str:
        return self.report.language

    def _as_seen(self, report):
        if not self.viewer.sees_personal_names:
            report = without_personal_names(report)
        return xml_safe_copy(report) if self.xml_safe else report


def _with(item, **changes):
    if isinstance(item, dict):
        return item | changes
    return dataclasses.replace(item, **changes)


def report_source(
    *,
    viewer: Viewer,
    round: FollowUpRound,
    as_of=None,
    number: int | None = None,
    xml_safe: bool = True,
) -> ReportSource:
    """What reports.publication.round_report reads, for the page and the API: the publication
    this reader sees (its frozen data, in the current language), or the round as it is now (its
    outline), or as known at `as_of` (built whole)."""
    publication = shown_publication(viewer=viewer, round=round, as_of=as_of, number=number)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if publication is not None:
        key = (publication.pk, publication.published_at, language)
        data = _kept_publication(key, lambda: _frozen_data(publication))
        return ReportSource(data=data, viewer=viewer, xml_safe=xml_safe)
    if as_of is None:
        report = report_outline(round=round, language=language)
    else:
        report = build_report(round=round, as_of=as_of, language=language)
    return ReportSource(
        report=dataclasses.replace(report, records=[]),
        round=round,
        viewer=viewer,
        xml_safe=xml_safe,
    )


def rows_window(perspectives: list, offset: int, limit: int) -> tuple[list, int]:
    """The perspectives with only the table rows `offset` to `offset + limit` (in the order the
    report prints them: GoalGroup.rows), and how many rows there are in all.

    What a row stands under (its perspective, goal section, board goal group; an assignment
    for the activities under it) comes along whenever one of its rows is on the page; the
    report itself is not changed (a publication's frozen report may be kept and shared)."""
    end = offset + limit
    position = 0

    def take() -> bool:
        nonlocal position
        position += 1
        return offset < position <= end

    shown_perspectives = []
    for perspective in perspectives:
        shown_sections = []
        for section in perspective.sections:
            shown_groups = []
            for group in section.groups:
                activities = [line for line in group.activities if take()]
                blocks = []
                for block in group.assignments:
                    own = take()
                    under = [line for line in block.activities if take()]
                    if own or under:
                        blocks.append(dataclasses.replace(block, activities=under))
                if activities or blocks:
                    shown_groups.append(
                        dataclasses.replace(group, activities=activities, assignments=blocks)
                    )
            if shown_groups:
                shown_sections.append(dataclasses.replace(section, groups=shown_groups))
        if shown_sections:
            shown_perspectives.append(dataclasses.replace(perspective, sections=shown_sections))
    return shown_perspectives, position


# The frozen data of the publications this process read last, by publication (its id and time:
# a test database may give a rolled-back id again) and language. A publication never changes,
# so what is kept is never stale; reading and decoding a large one (2.4 MB of JSON for 3,000
# activities) costs more than the rest of the page, as for the published grid
# (followups.entry_grid.kept_published_grid). A round as it is now is read for each request.
KEPT_PUBLICATIONS = 2
_kept_publications: KeptFrozen[dict] = KeptFrozen(KEPT_PUBLICATIONS)


def _kept_publication(key: tuple, make) -> dict:
    return _kept_publications.get(key, make)


def _frozen_data(publication: Publication) -> dict:
    """The publication's report data in the current language (else the default one), read
    from the database without the other languages and without the sheets' rows (records:
    more than half of a large report's data, and not on the page)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, settings.LANGUAGE_CODE):
        data = (
            Publication.objects.filter(pk=publication.pk)
            .values_list(_WithoutRecords(KeyTransform(code, "reports")), flat=True)
            .first()
        )
        if data:
            return data | {"records": []}
    raise LookupError(f"publication {publication.pk} holds no report")


class _WithoutRecords(Func):
    """A report's frozen data without its "records" key, removed in the database."""

    output_field = JSONField()

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"{connection.vendor}: no JSON key removal")

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s - 'records')", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="JSON_REMOVE(%(expressions)s, '$.records')",
            **extra_context,
        )


PLACE_PARAMETERS = ("perspective", "goal")


def page_contents(request, source: ReportSource) -> dict:
    """The report's contents for the page: each perspective and municipal goal with its number
    of rows, a link that shows it (keeping the URL's other parameters: as_of, publication) and
    which one is shown; and the link to the whole report."""
    query = request.GET.copy()
    for name in ("page", *PLACE_PARAMETERS):
        query.pop(name, None)
    chosen = {name: request.GET[name] for name in PLACE_PARAMETERS if request.GET.get(name)}
    contents = source.contents()
    for entry in contents + [child for parent in contents for child in parent.children]:
        query[entry.parameter] = entry.anchor
        entry.url = "?" + query.urlencode()
        query.pop(entry.parameter)
        entry.is_current = chosen == {entry.parameter: entry.anchor}
    return {
        "contents": contents,
        "whole_report_url": "?" + query.urlencode(),
        "contents_total": sum(entry.activities for entry in contents),
        "shows_whole_report": not chosen,
    }
