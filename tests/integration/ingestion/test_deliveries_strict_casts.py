"""Nothing lost, nothing silent: a value is taken in the contract's form or refused, never
bent by a lenient cast.

Each test reproduces a delivery that once lost data or went unreported. The end-to-end
consequences (published tables, the run's checks) are in tests/end_to_end/test_bad_input_*.py.
"""

import duckdb
import pytest

from tests.integration.ingestion.delivery_site import (
    HEADER,
    failure_of,
    sales_line,
)

# 4. Strict casts: a value is taken in the contract's form or refused, never bent.

STRICT_CASES = [
    # (case, column, delivered value, the rule it breaks)
    ("line number 1.4", "line_number", "1.4", "`line_number` values are whole numbers"),
    ("date with garbage", "order_date", "2026-06-05garbage", "`order_date` values are plain ISO"),
    ("date with a time", "order_date", "2026-06-05 23:59:59", "`order_date` values are plain ISO"),
    (
        "date with a zone",
        "order_date",
        "2026-06-05T23:30:00-05:00",
        "`order_date` values are plain",
    ),
    ("date not zero-padded", "order_date", "2026-6-5", "`order_date` values are plain ISO"),
    ("price beyond 6 decimals", "unit_price", "0.0000004999", "`unit_price` values are numbers"),
    ("quantity 1e-7", "quantity", "1e-7", "`quantity` values are numbers with at most 6 decimal"),
    ("hex line number", "line_number", "0x10", "`line_number` values are whole numbers"),
]


@pytest.mark.parametrize(
    ("column", "value", "rule"), [c[1:] for c in STRICT_CASES], ids=[c[0] for c in STRICT_CASES]
)
def test_a_value_a_lenient_cast_would_bend_is_refused_as_delivered(site, column, value, rule):
    site.master("C1")
    site.deliver("sales_lines_bad.csv", f"{HEADER}\n{sales_line(**{column: value})}")
    [validation] = failure_of(site).validations
    [broken] = validation.failures
    assert broken.description.startswith(rule)
    # The report shows the value as delivered, not what a cast made of it.
    assert (broken.unexpected_count, broken.sample_values) == (1, [value])
    assert site.query("select count(*) from raw.sales_lines") == [(0,)]


def test_values_in_the_contracts_form_are_taken_exactly(site):
    site.master("C1")
    site.deliver(
        "sales_lines_ok.csv",
        f"{HEADER}\n"
        + sales_line(line_number="+2", quantity="1.5e2", unit_price="0.100000000")
        + "\n"
        + sales_line(line_number="3", quantity="-2", unit_price=".5", discount="0.123456"),
    )
    site.ingest()
    assert site.query(
        "select line_number, quantity::varchar, unit_price::varchar, discount::varchar "
        "from raw.sales_lines order by 1"
    ) == [(2, "150.000000", "0.100000", "0.000000"), (3, "-2.000000", "0.500000", "0.123456")]


def test_control_characters_in_ids_are_refused(site):
    site.master("C1")
    path = site.landing / "sales_lines_bad.csv"
    path.write_bytes(f"{HEADER}\n{sales_line(order_id='X')}\n".replace("X,", "X\x00,").encode())
    [validation] = failure_of(site).validations
    [broken] = validation.failures
    assert broken.description == "`order_id` has no control characters (NUL, tab, line break, …)."
    assert (broken.unexpected_count, broken.sample_values) == (1, ["X\x00"])


def test_a_parquet_timestamp_with_a_zone_is_refused_not_shifted(site):
    site.master("C1")
    duckdb.sql(
        "select 'X' as order_id, 1 as line_number, "
        "timestamptz '2026-06-05 23:30:00-05:00' as order_date, 'C1' as customer_id, "
        "'P1' as product_id, 1.0 as quantity, 10.0 as unit_price"
    ).write_parquet(str(site.landing / "sales_lines_tz.parquet"))
    [validation] = failure_of(site).validations
    [broken] = validation.failures
    assert broken.description.startswith("`order_date` values are plain ISO dates")
    assert broken.unexpected_count == 1
