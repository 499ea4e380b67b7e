"""The JSON API at /api/: the same operations and permissions as the pages.

Only the OpenAPI document is served (/api/openapi.json); the interactive docs page is off, as it
would load Swagger UI from a CDN, which our Content Security Policy (rightly) refuses.
"""

from ninja import NinjaAPI

from vplan.api.auth import API_AUTH
from vplan.api.endpoints import (
    activities,
    audit,
    history,
    imports,
    jobs,
    lineage,
    objectplans,
    organisation,
    overviews,
    people,
    plans,
    reporting,
    reports,
    rollover,
    round_sheets,
    round_workflow,
    rounds,
    search,
    signin,
    tokens,
)
from vplan.api.errors import install_error_handlers

api = NinjaAPI(
    title="Vplan API",
    version="1",
    description=(
        "Plan and follow up a municipality's activity plans. Authenticate with a personal API "
        "token (Authorization: Bearer ...) or the signed-in session (with X-CSRFToken on writes). "
        "Anonymous callers may read what is published. See docs/api.md."
    ),
    auth=API_AUTH,
    docs_url=None,
    urls_namespace="api",
)
install_error_handlers(api)

for module in (organisation, plans, activities, rounds, reporting, history, imports, jobs):
    api.add_router("", module.router)
# Updating a round in Excel: the sheet, its preview and applying it.
api.add_router("", round_sheets.router)
api.add_router("", round_workflow.router)
# Reports; several years (lineage, rollover, overviews, search); IT object plans.
for module in (reports, lineage, rollover, overviews, search, objectplans):
    api.add_router("", module.router)
# The caller's own personal API tokens.
api.add_router("", tokens.router)
# Single sign-on: which groups at the provider give which roles.
api.add_router("", signin.router)
# The audit log: administrators read their administration's change records.
api.add_router("", audit.router)
# People of an administration and their roles, and the import of people.
api.add_router("", people.router)
