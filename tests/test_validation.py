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
from dagster_project.lib.validated_ingestion import IngestionRules, build_reference_views
from dagster_project.lib.validation import validate_relations
from tests.conftest import write_csv
from tests.hand_book import write_hand_book

TODAY = date(2026, 11, 27)


def staged_hand_book(tmp_path, extra: dict[str, str] | None = None):
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
        build_reference_views(conn, staged, IngestionRules(today=TODAY, as_of=TODAY))
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
