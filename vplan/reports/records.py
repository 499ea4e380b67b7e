"""The report's rows for spreadsheets: one per activity placement, every field, in column order.

render_xlsx and render_csv both write these, so Excel and Qlik see the same columns.
"""

from django.utils import timezone

from vplan.reports.document import PlacementRecord, Report


def record_values(record: PlacementRecord) -> tuple:
    changed_at = timezone.localtime(record.changed_at) if record.changed_at else None
    return (
        record.activity_id,
        record.perspective,
        record.municipal_goal,
        record.board_goal,
        record.board_goal_description,
        record.assignment,
        record.assignment_number,
        record.assignment_kind,
        record.activity,
        record.part_of,
        record.boards,
        record.decided_end,
        record.current_end,
        record.postponed,
        record.carried_over_from,
        record.status,
        record.status_category,
        record.comment,
        record.changed_by,
        changed_at,
    )


def record_rows(report: Report) -> list[tuple]:
    return [record_values(record) for record in report.records]
