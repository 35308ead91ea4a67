"""The Great Expectations metrics are real numbers computed by DuckDB, not artefacts of a bug.

Through duckdb-engine, GX's stock SQL engine closes the connection before it fetches a metric,
and then every expectation "fails" with no count (see lib/gx_duckdb.py). Valid files must pass
every expectation with 0 unexpected rows, and a bad one must fail only where it is bad, with
its exact count.
"""

import contextlib
import time
from datetime import date

import duckdb

from dagster_project.lib.ingestion import (
    create_raw_tables,
    file_checksum,
    reset_holding_area,
    stage_file,
)
from dagster_project.lib.landing import scan_landing
from dagster_project.lib.scoring_config import load_scoring_config
from dagster_project.lib.validated_ingestion import IngestionRules, build_reference_views
from dagster_project.lib.validation import validate_relations
from tests.conftest import write_csv
from tests.hand_book import write_hand_book

TODAY = date(2026, 11, 27)


def staged_hand_book(tmp_path, extra: dict[str, str] | None = None, **rules):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    write_hand_book(landing)
    for name, text in (extra or {}).items():
        write_csv(landing / name, text)
    with contextlib.closing(duckdb.connect(str(warehouse))) as conn:
        create_raw_tables(conn)
        reset_holding_area(conn)
        staged = [
            stage_file(conn, f.landing_file, position, file_checksum(f.path))
            for position, f in enumerate(scan_landing(landing, time.time(), 0).ready)
        ]
        build_reference_views(conn, staged, IngestionRules(today=TODAY, as_of=TODAY, **rules))
    return warehouse, staged


def test_valid_files_pass_every_expectation_with_zero_unexpected(tmp_path):
    warehouse, staged = staged_hand_book(tmp_path)
    results = validate_relations(
        warehouse,
        {s.name: (s.landing_file.dataset.name, s.relation) for s in staged},
        {"today": "2026-11-27"},
    )
    assert len(results) == len(staged) == 12
    for validation in results.values():
        assert validation.passed, validation.problems()
        for outcome in validation.outcomes:
            assert outcome.success and outcome.error is None, outcome
            assert outcome.unexpected_count in (0, None), outcome
    # Every kind of expectation ran and measured something.
    kinds = {o.expectation for v in results.values() for o in v.outcomes}
    assert {
        "expect_column_values_to_be_between",
        "unexpected_rows_expectation",
        "expect_compound_columns_to_be_unique",
    } <= kinds
    element_counts = {
        o.element_count for o in results["customers.csv"].outcomes if o.element_count is not None
    }
    assert element_counts == {7}  # the seven customers, counted by DuckDB


def test_a_bad_file_fails_only_its_broken_rules_with_exact_counts(tmp_path):
    bad = (
        "order_id,line_number,order_date,customer_id,product_id,quantity,unit_price,discount,currency\n"
        "X,1,2026-06-29,001,P1,0,10,0,EUR\n"
        "X,2,2026-06-29,001,P1,0,-1,0,EUR\n"
        "X,3,2026-06-29,001,P1,2,10,0,EUR\n"
    )
    warehouse, staged = staged_hand_book(tmp_path, {"sales_lines_bad.csv": bad})
    [target] = [s for s in staged if s.name == "sales_lines_bad.csv"]
    [validation] = validate_relations(
        warehouse,
        {target.name: ("sales_lines", target.relation)},
        {"today": date(2026, 11, 27).isoformat()},
    ).values()
    failed = {o.description: o.unexpected_count for o in validation.failures}
    assert failed == {
        "`quantity` is not 0 (negative quantities are returns).": 2,
        "`unit_price` is 0 or more.": 1,
    }


OVERRIDES = "customer_id,tier,reason,owner,review_date"
TIER_RULE = "`tier` is a tier name of the configuration's `tiers`, or key_prospect or prospect."
MASTER_RULE = (
    "`customer_id` is in the customer master (the latest customers delivery); an override of "
    "an unknown customer is always refused, whatever `validation.unknown_customer` says."
)


def validate_overrides(tmp_path, content: str, settings: dict | None = None, **rules):
    """The validation of one account_overrides.csv delivered with the hand book."""
    warehouse, staged = staged_hand_book(tmp_path, {"account_overrides.csv": content}, **rules)
    [target] = [s for s in staged if s.name == "account_overrides.csv"]
    [validation] = validate_relations(
        warehouse,
        {target.name: ("account_overrides", target.relation)},
        {"today": TODAY.isoformat()},
        settings,
        with_samples=True,
    ).values()
    return validation


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
