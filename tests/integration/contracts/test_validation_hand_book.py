"""Great Expectations on the hand book: its valid files, sales and products, pass; a bad
sales file fails only its broken rules.

Valid files pass every expectation with 0 unexpected rows and a bad one fails only where
it is bad, with its exact count (why: tests/integration/contracts/validation_helpers.py).
"""

from datetime import date

from dagster_project.lib.contracts.validation import validate_relations
from tests.integration.contracts.validation_helpers import (
    assert_passes_with_zero_unexpected,
    staged_hand_book,
    validate_delivery,
)


def test_valid_files_pass_every_expectation_with_zero_unexpected(tmp_path):
    warehouse, staged = staged_hand_book(tmp_path)
    results = validate_relations(
        warehouse,
        {s.name: (s.landing_file.dataset.name, s.relation) for s in staged},
        {"today": "2026-11-27"},
    )
    assert len(results) == len(staged) == 13
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


def test_a_good_products_file_passes_every_expectation_with_zero_unexpected(tmp_path):
    validation = validate_delivery(
        tmp_path,
        "products.csv",
        "product_id,product_name,category\nP1,Bolts M8,Fasteners\nP2,Gearbox G2,\nP3,Oil 5L,Fluids",
    )
    assert_passes_with_zero_unexpected(validation, 3)
