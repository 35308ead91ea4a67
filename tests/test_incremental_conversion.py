"""The converted sales lines are built incrementally (dbt/models/intermediate/
int_sales_lines_converted.sql): after later deliveries they must equal a conversion of every raw
line from scratch, computed here independently with the exact decimal product."""

from datetime import date

import duckdb

from tests.conftest import write_csv
from tests.hand_book import AS_OF, HEADER, write_hand_book

FROM_SCRATCH = """
    select
        lines.order_id,
        lines.line_number,
        cast(
            lines.quantity * lines.unit_price * (1 - coalesce(lines.discount, 0))
            * coalesce(
                case when upper(coalesce(lines.currency, 'EUR')) = 'EUR' then 1 end,
                (
                    select rates.rate_to_reporting
                    from raw.fx_rates as rates
                    where
                        upper(rates.currency) = upper(lines.currency)
                        and rates.rate_date <= lines.order_date
                    order by rates.rate_date desc
                    limit 1
                )
            ) as decimal(38, 6)
        ) as net_amount
    from raw.sales_lines as lines
"""


def _converted(warehouse) -> dict[tuple[str, int], float]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            (row[0], row[1]): row[2]
            for row in conn.execute(
                "select order_id, line_number, net_amount from intermediate.int_sales_lines_converted"
            ).fetchall()
        }


def _from_scratch(warehouse) -> dict[tuple[str, int], float]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {(row[0], row[1]): row[2] for row in conn.execute(FROM_SCRATCH).fetchall()}


def test_later_lines_and_rates_convert_as_a_rebuild_would(pipeline_paths, run_daily_job):
    landing = pipeline_paths.landing_dir
    write_hand_book(landing)
    # A USD line after the 2026-03-11 rate (0.9): 100 × 0.9 = 90.
    write_csv(
        landing / "sales_lines_2026-03-20.csv", f"{HEADER}\nG1,1,2026-03-20,003,P3,1,100,0,USD"
    )
    assert run_daily_job(AS_OF).success
    first = _converted(pipeline_paths.warehouse)
    assert first[("G1", 1)] == 90
    assert first == _from_scratch(pipeline_paths.warehouse)

    # A rate dated between two earlier ones now applies to G1 (100 × 0.5 = 50) and to nothing
    # before it; a later file replaces D1 (5 × 50 = 250 instead of 3 × 50).
    write_csv(
        landing / "fx_rates_2026-07.csv", "rate_date,currency,rate_to_reporting\n2026-03-15,USD,0.5"
    )
    write_csv(
        landing / "sales_lines_2026-07-02.csv", f"{HEADER}\nD1,1,2026-02-01,004,P2,5,50,0,EUR"
    )
    assert run_daily_job(date(2026, 7, 2)).success
    second = _converted(pipeline_paths.warehouse)
    assert second[("G1", 1)] == 50
    assert second[("D1", 1)] == 250
    assert second[("C1", 1)] == 100  # 2 × 62.5 × 0.8, the 2026-03-09 rate, unchanged
    assert second == _from_scratch(pipeline_paths.warehouse)

    # Nothing new: nothing changes.
    assert run_daily_job(date(2026, 7, 2)).success
    assert _converted(pipeline_paths.warehouse) == second
