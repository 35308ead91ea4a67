"""Great Expectations on account_overrides: tiers from the configuration, known customers only.

Valid files pass every expectation with 0 unexpected rows and a bad one fails only where
it is bad, with its exact count (why: tests/integration/contracts/validation_helpers.py).
"""

from dagster_project.lib.configuration.scoring import load_scoring_config
from dagster_project.lib.ingestion.rules import IngestionRules
from tests.integration.contracts.validation_helpers import (
    TODAY,
    validate_overrides,
)

OVERRIDES = "customer_id,tier,reason,owner,review_date"
TIER_RULE = "`tier` is a tier name of the configuration's `tiers`, or key_prospect or prospect."
MASTER_RULE = (
    "`customer_id` is in the customer master (the latest customers delivery); an override of "
    "an unknown customer is always refused, whatever `validation.unknown_customer` says."
)


def test_a_good_overrides_file_passes_every_expectation_with_zero_unexpected(tmp_path):
    validation = validate_overrides(
        tmp_path,
        f"{OVERRIDES}\n"
        "001,key,Strategic partner,Maria Rossi,2026-12-31\n"
        "006,key_prospect,Tender won in May,Maria Rossi,2026-09-30\n"
        "004,ordinary,Winding down,Tom Baker,2026-07-31",
    )
    assert validation.passed, validation.problems()
    for outcome in validation.outcomes:
        assert outcome.success and outcome.error is None, outcome
        assert outcome.unexpected_count in (0, None), outcome
    element_counts = {o.element_count for o in validation.outcomes if o.element_count is not None}
    assert element_counts == {3}


def test_the_tiers_an_override_may_set_come_from_the_configuration(tmp_path):
    """With tiers gold and silver configured, `key` is no longer a tier; the prospects' are."""
    validation = validate_overrides(
        tmp_path,
        f"{OVERRIDES}\n001,gold,r,o,2026-12-31\n002,key,r,o,2026-12-31\n006,prospect,r,o,2026-12-31",
        tiers=("gold", "silver"),
    )
    assert [(o.description, o.unexpected_count, o.sample_values) for o in validation.failures] == [
        (TIER_RULE, 1, ["key"])
    ]


def test_the_configurations_tier_names_reach_the_rules(tmp_path):
    config = tmp_path / "tiers.yml"
    config.write_text("tiers:\n  - name: gold\n    min_score: 8\n  - name: silver\n")
    rules = IngestionRules.from_config(load_scoring_config(config), TODAY, [TODAY], 0)
    assert rules.override_tiers == ("gold", "silver", "key_prospect", "prospect")


def test_an_override_of_an_unknown_customer_fails_even_when_unknown_customers_may_warn(tmp_path):
    validation = validate_overrides(
        tmp_path,
        f"{OVERRIDES}\n999,key,r,o,2026-12-31\n001,key,r,o,2026-12-31",
        settings={"unknown_customer": "warn"},
    )
    assert [(o.description, o.unexpected_count, o.sample_values) for o in validation.failures] == [
        (MASTER_RULE, 1, ["999"])
    ]
    assert validation.warnings == []
