"""Search across every year's plans (search.results.SearchResult)."""

from ninja import Schema
from pydantic import Field

from vplan.search.documents import KINDS


class SearchResultOut(Schema):
    kind: str = Field(description="What was found: " + ", ".join(KINDS))
    kind_label: str
    id: int = Field(
        validation_alias="object.pk",
        description="The id of what was found (of the report, for a comment).",
    )
    plan_id: int = Field(validation_alias="plan.pk")
    plan_year: int = Field(validation_alias="plan.year")
    administration: str = Field(validation_alias="plan.administration.name")
    round: str | None = Field(description="The round of a status comment.")
    text: str
    snippet: str = Field(description="HTML: the text around the match, matching words in <mark>.")
    url: str = Field(description="The page that shows it.")

    @staticmethod
    def resolve_round(result) -> str | None:
        return result.round_label or None
