"""The must-show test: links proposed between the 2022 and 2023 follow-up reports of the seeds.

The true pairs below were decided by hand, reading the ground truth of both documents side by
side (2022: 000_part1.json, the first part of the report; 2023: 001.json). The 2023 report has no
'Kvarstår från 2022' markers, so the pairs rest on the texts and on the 2022 comments: e.g. the
2022 comment on the kartläggningsmaterial activity says 'Förskjuts till 2023 med viss
omformulering', and the one on mathematics in förskoleklass describes the 2023 work.

Pairs that a careful controller could link or not (a done 2022 activity followed by a related but
new 2023 activity, or two 2022 activities merged into one) are listed as UNSURE: proposing them
counts neither as a hit nor as a false link. Every other proposal is a false link.
"""

import pytest

from vplan.lineage.proposals import propose_links
from vplan.lineage.tests.groundtruth_plans import (
    GROUNDTRUTH,
    SHARED,
    build_plan_from_groundtruth,
)
from vplan.plans.models import Activity


@pytest.fixture(autouse=True)
def seeds_present():
    """The seeds' ground truth is needed: the test fails, not skips, where it is missing."""
    if not (GROUNDTRUTH / "001.json").exists():
        pytest.fail(f"the seeds' ground truth is not at {GROUNDTRUTH} (../shared)")


SEEDS = SHARED / "seeds"

# (2022 text prefix, 2023 text prefix)
TRUE_PAIRS = [
    ("Komplettera SFI med arbetsmarknadsåtgärder", "Komplettera SFI med arbetsmarknadsåtgärder"),
    (
        "Vidta åtgärder för att öka andelen inskrivna barn",
        "Vidta åtgärder för att öka andelen inskrivna barn",
    ),
    ("Beakta flexibla utbildningsformer", "Beakta flexibla utbildningsformer"),
    (
        "Säkerställa att vuxenutbildningen har tydliga kopplingar",
        "Säkerställa att vuxenutbildningen har tydliga kopplingar",
    ),
    (
        "Utvärdera arbetet med differentierad undervisningstid",
        "Utvärdera arbetet med differentierad undervisningstid",
    ),
    (
        "Följa upp Skäggetorpsskolans elevers mottagande",
        "Fortsatt följa upp resultat för de elever som flyttade från Skäggetorpsskolan",
    ),
    (
        "Vuxenutbildningen: Ta fram nyckeltal för genomströmning på SFI",
        "Fortsatt utveckling av nyckeltal kring genomströmning SFI",
    ),
    (
        "Följa upp varje barns utveckling utifrån kartläggningsmaterial i matematik",
        "Observationsmaterial för varje barns matematikutveckling",
    ),
    (
        "Genomföra insatser för att utveckla undervisningen i matematik i förskoleklass",
        "Genomföra en kompetensutvecklingsinsats inom tidigt matematiskt lärande",
    ),
]

UNSURE_PAIRS = [
    (
        "Genomföra insatser för att stärka matematik och SvA på 7-9 skolor",
        "Genomföra en kompetensutvecklingsinsats för att utveckla framgångsrik undervisning i matematik",
    ),
    (
        "Genom deltagande i IFOUS-programmet om förbättrad undervisning i fritidshemmet",
        "Genomföra en kompetensutvecklingsinsats för lärare i fritidshemmen",
    ),
    (
        "Identifiera och genomföra åtgärder för att elever ska uppleva en ökad trygghet",
        "Utarbeta en handlingsplan med riktlinjer för det systematiska trygghetsarbetet",
    ),
    (
        "Identifiera och genomföra åtgärder för att elever ska uppleva ökad studiero",
        "Utarbeta en handlingsplan med riktlinjer för det systematiska trygghetsarbetet",
    ),
]


def _is(pair: tuple[str, str], prefixes: tuple[str, str]) -> bool:
    return pair[0].startswith(prefixes[0]) and pair[1].startswith(prefixes[1])


@pytest.fixture
def seeded_plans(administration):
    plan_2022 = build_plan_from_groundtruth("000_part1.json", administration=administration)
    plan_2023 = build_plan_from_groundtruth("001.json", administration=administration)
    return plan_2022, plan_2023


def test_every_hand_made_pair_names_one_activity_in_each_year(seeded_plans):
    plan_2022, plan_2023 = seeded_plans
    for old_prefix, new_prefix in TRUE_PAIRS + UNSURE_PAIRS:
        assert Activity.objects.filter(plan=plan_2022, text__startswith=old_prefix).count() == 1
        assert Activity.objects.filter(plan=plan_2023, text__startswith=new_prefix).count() == 1


def _assert_precision_and_recall(links) -> None:
    proposed = [(link.predecessor.text, link.activity.text, link.confidence) for link in links]
    hits = [p for p in proposed if any(_is(p, pair) for pair in TRUE_PAIRS)]
    unsure = [p for p in proposed if p not in hits and any(_is(p, pair) for pair in UNSURE_PAIRS)]
    false_links = [p for p in proposed if p not in hits and p not in unsure]
    found = [pair for pair in TRUE_PAIRS if any(_is(p, pair) for p in proposed)]
    precision = len(hits) / (len(hits) + len(false_links))
    recall = len(found) / len(TRUE_PAIRS)

    missed = [pair for pair in TRUE_PAIRS if pair not in found]
    summary = (
        f"precision {precision:.2f}, recall {recall:.2f}; {len(proposed)} proposed, "
        f"{len(unsure)} unsure; false: {[(a[:40], b[:40], c) for a, b, c in false_links]}; "
        f"missed: {missed}"
    )
    print(summary)
    assert precision >= 0.9, summary
    assert recall >= 0.9, summary


def test_lineage_proposes_the_continuing_activities_with_few_false_links(seeded_plans):
    _, plan_2023 = seeded_plans
    _assert_precision_and_recall(propose_links(plan=plan_2023))


def test_after_importing_the_seed_files_the_lineage_finds_the_same_pairs(administration):
    """The same, end to end: the seed files themselves through the importer."""
    from vplan.imports.detect import parse_document
    from vplan.imports.load import file_sha256, load_parsed_document

    plans = []
    for name in ("000_3199acc774c53485.part1.txt", "001_59efdfd005a14293.txt"):
        path = SEEDS / name
        result = load_parsed_document(
            parsed=parse_document(path),
            by=None,
            sha256=file_sha256(path),
            administration=administration,
        )
        plans.append(result.record.plan)
    assert [plan.year for plan in plans] == [2022, 2023]

    _assert_precision_and_recall(propose_links(plan=plans[1]))


def test_the_links_name_both_years_and_carry_a_confidence_between_0_and_1(seeded_plans):
    plan_2022, plan_2023 = seeded_plans
    links = propose_links(plan=plan_2023)
    assert links
    for link in links:
        assert link.predecessor.plan == plan_2022
        assert link.activity.plan == plan_2023
        assert 0.0 <= link.confidence <= 1.0
        assert link.decision == "pending"
    assert len({link.activity_id for link in links}) == len(links)
    assert len({link.predecessor_id for link in links}) == len(links)
