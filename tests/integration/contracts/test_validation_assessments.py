"""Great Expectations on account_assessments: the factors rated come from the configuration.

Valid files pass every expectation with 0 unexpected rows and a bad one fails only where
it is bad, with its exact count (why: tests/integration/contracts/validation_helpers.py).
"""

import contextlib

import duckdb

from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.ingestion.rules import IngestionRules
from tests.integration.contracts.validation_helpers import (
    TODAY,
    assert_passes_with_zero_unexpected,
    staged_hand_book,
    validate_delivery,
)

ASSESSMENTS = "customer_id,factor,rating,assessed_on,assessor"
FACTOR_RULE = (
    "`factor` is one of the configuration's `assessment_factors`, written as declared there."
)


def test_a_good_assessments_file_passes_every_expectation_with_zero_unexpected(tmp_path):
    """Every default factor, the bounds of the scale (1 and 10, a decimal between), today, and
    the same factor of a customer on two days."""
    validation = validate_delivery(
        tmp_path,
        "account_assessments_2026-11-27.csv",
        f"{ASSESSMENTS}\n"
        "001,our_relative_position,7,2026-05-01,Anna Weber\n"
        "001,our_relative_position,8,2026-11-27,Anna Weber\n"
        "001,relationship_stage,10,2026-11-27,Anna Weber\n"
        "006,product_need,1,2025-12-01,Tom Baker\n"
        "004,reputation,6.5,2026-10-31,Tom Baker",
    )
    assert_passes_with_zero_unexpected(validation, 5)


def test_a_bad_assessments_file_fails_only_its_broken_rules_with_exact_counts(tmp_path):
    """Two good rows, then one bad row per rule but for two on the scale (0 and 11) and two
    without an assessor (empty, a tab), and the unknown customer refused even though unknown
    customers may warn: 1 + 1 + 1 + 2 + 2, and the key of 001 twice (2 rows)."""
    validation = validate_delivery(
        tmp_path,
        "account_assessments_bad.csv",
        f"{ASSESSMENTS}\n"
        "001,our_relative_position,7,2026-05-01,Anna\n"
        "002,relationship_stage,10,2026-11-27,Anna\n"
        "002,reputation,5,2026-11-28,Tom\n"
        "003,loyalty,5,2026-05-01,Tom\n"
        "999,product_need,5,2026-05-01,Tom\n"
        "004,reputation,0,2026-05-01,Tom\n"
        "004,product_need,11,2026-05-01,Tom\n"
        "005,reputation,5,2026-05-01,\t\n"
        "005,product_need,5,2026-05-01,\n"
        "001,our_relative_position,8,2026-05-01,Bruno",
        settings={"unknown_customer": "warn"},
    )
    assert {o.description: o.unexpected_count for o in validation.failures} == {
        "`assessed_on` is not after today.": 1,
        FACTOR_RULE: 1,
        "`customer_id` is in the customer master (the latest customers delivery); an assessment "
        "of an unknown customer is always refused, whatever `validation.unknown_customer` says.": 1,
        "`rating` is between 1 and 10.": 2,
        "`assessor` is given on every row (not empty or blank).": 2,
        "(`customer_id`, `factor`, `assessed_on`) appears once in the file: one rating per "
        "customer, factor and day.": 2,
    }
    assert validation.warnings == []


def test_the_factors_an_assessment_may_rate_come_from_the_configuration(tmp_path):
    validation = validate_delivery(
        tmp_path,
        "account_assessments_2026-11-27.csv",
        f"{ASSESSMENTS}\n001,loyalty,7,2026-05-01,Anna\n002,reputation,7,2026-05-01,Anna",
        assessment_factors=("loyalty",),
    )
    assert [(o.description, o.unexpected_count, o.sample_values) for o in validation.failures] == [
        (FACTOR_RULE, 1, ["reputation"])
    ]


def test_the_configurations_assessment_factors_reach_the_rules(tmp_path):
    config = tmp_path / "factors.yml"
    config.write_text(
        "assessment_factors:\n"
        "  loyalty:\n    description: How loyal the customer is.\n    anchors: {1: fickle, 10: faithful}\n"
        "kaism:\n  relative_strength:\n    loyalty: 1\n"
    )
    rules = IngestionRules.from_config(load_scoring_config(config), TODAY, [TODAY], 0)
    assert rules.assessment_factors == ("loyalty",)
    assert IngestionRules(today=TODAY, as_of=TODAY).assessment_factors == (
        "our_relative_position",
        "relationship_stage",
        "product_need",
        "reputation",
    )


def test_a_configuration_without_assessment_factors_leaves_no_factor_to_rate(tmp_path):
    """assessment_factors: {} is a valid configuration: its reference view is empty, not an
    SQL error, so every assessment's factor is refused."""
    warehouse, _ = staged_hand_book(tmp_path, assessment_factors=())
    with contextlib.closing(duckdb.connect(str(warehouse), read_only=True)) as conn:
        assert conn.execute("select * from holding.assessment_factors").fetchall() == []
