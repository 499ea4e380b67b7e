"""The API's shapes, one module per resource (next to its endpoints in vplan/api/endpoints/).

Each response schema reads model instances or what a shared read function returns
(read_activity_page, grid_rows, round_report, ...), so each shape is described once.
"""
