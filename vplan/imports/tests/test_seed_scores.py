"""Every seed with ground truth parses with activity F1 and every field at 0.95 or better."""

from __future__ import annotations

import pytest

from vplan.imports.scoring import FIELDS, score_document

from .helpers import SEED_CASES, load_truth, parsed_seed

THRESHOLD = 0.95


@pytest.mark.parametrize(("document", "truth"), SEED_CASES, ids=[case[0] for case in SEED_CASES])
def test_seed_scores_at_least_threshold(document: str, truth: str) -> None:
    parsed = parsed_seed(document).to_schema_dict()
    score = score_document(parsed, load_truth(truth), name=document)
    assert score.f1 >= THRESHOLD, (score.f1, score.missed, score.spurious)
    for field in FIELDS:
        wrong = [item for item in score.disagreements if item["field"] == field]
        assert score.field_accuracy[field] >= THRESHOLD, (field, wrong[:5])


def test_truncated_2022_seed_warns_about_its_contradictions() -> None:
    codes = {warning.code for warning in parsed_seed(SEED_CASES[0][0]).warnings}
    assert "conflicting_deadlines" in codes
    assert "inconsistent_boards" in codes


def test_schema_keys_come_first_and_in_order() -> None:
    parsed = parsed_seed(SEED_CASES[1][0]).to_schema_dict()
    truth = load_truth(SEED_CASES[1][1])
    assert list(parsed)[: len(truth)] == list(truth)
    truth_keys = [key for key in truth["activities"][0] if key != "uncertain"]
    assert list(parsed["activities"][0])[: len(truth_keys)] == truth_keys
    assert all(len(a["assignment"] or "") <= 80 for a in parsed["activities"])


@pytest.mark.parametrize("document", [case[0] for case in SEED_CASES[:4]])
def test_the_schema_form_reads_back_to_the_same_document(document: str) -> None:
    """The import page keeps a preview as its schema form: loading it must load the same."""
    from vplan.imports.parsed import ParsedDocument

    parsed = parsed_seed(document)
    again = ParsedDocument.from_schema_dict(parsed.to_schema_dict())
    assert again == parsed
