"""What is built incrementally equals a build from scratch after later deliveries.

The converted sales lines (dbt/models/intermediate/int_sales_lines_converted.sql) must equal a
conversion of every raw line computed here independently with the exact decimal product; the
month-end concentration trend, recomputed from the first month that changed, must equal the
same models built in full on a copy of the warehouse."""

import json
import os
import shutil
import subprocess
from datetime import date

import duckdb

from dagster_project.lib.configuration.scoring import ScoringConfig, dbt_vars
from dagster_project.lib.configuration.settings import DBT_PROJECT_DIR, ENV_WAREHOUSE
from dagster_project.lib.dbt.project import dbt_executable
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


TREND = {
    "intermediate.int_customer_revenue_by_month_end": "month_end_date, customer_id, net_revenue",
    "marts.revenue_concentration_monthly": "*",
}


def _trend(warehouse) -> dict[str, list]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            table: conn.execute(f"select {columns} from {table} order by all").fetchall()
            for table, columns in TREND.items()
        }


def _trend_built_in_full(warehouse, tmp_path) -> dict[str, list]:
    """The trend's models built from scratch (--full-refresh) on a copy of the warehouse."""
    copy = tmp_path / "full_refresh.duckdb"
    shutil.copy(warehouse, copy)
    built = subprocess.run(
        [
            dbt_executable(),
            "run",
            "--full-refresh",
            "--select",
            "int_customer_revenue_by_month_end revenue_concentration_monthly",
            "--vars",
            json.dumps(dbt_vars(ScoringConfig())),
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
        ],
        env={**os.environ, ENV_WAREHOUSE: str(copy), "DBT_TARGET_PATH": str(tmp_path / "t")},
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout
    return _trend(copy)


def test_later_lines_and_rates_convert_as_a_rebuild_would(pipeline_paths, run_daily_job, tmp_path):
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
    # before it; a later file replaces D1 (5 × 50 = 250 instead of 3 × 50) and moves E1 from
    # April to January (the month-end trend must change from January on, not from April).
    write_csv(
        landing / "fx_rates_2026-07.csv", "rate_date,currency,rate_to_reporting\n2026-03-15,USD,0.5"
    )
    write_csv(
        landing / "sales_lines_2026-07-02.csv",
        f"{HEADER}\nD1,1,2026-02-01,004,P2,5,50,0,EUR\nE1,1,2026-01-10,005,P1,-1,50,0,EUR",
    )
    trend_before = _trend(pipeline_paths.warehouse)
    assert run_daily_job(date(2026, 7, 2)).success
    second = _converted(pipeline_paths.warehouse)
    assert second[("G1", 1)] == 50
    assert second[("D1", 1)] == 250
    assert second[("C1", 1)] == 100  # 2 × 62.5 × 0.8, the 2026-03-09 rate, unchanged
    assert second == _from_scratch(pipeline_paths.warehouse)
    trend = _trend(pipeline_paths.warehouse)
    assert trend != trend_before
    assert trend == _trend_built_in_full(pipeline_paths.warehouse, tmp_path)

    # Nothing new: nothing changes.
    assert run_daily_job(date(2026, 7, 2)).success
    assert _converted(pipeline_paths.warehouse) == second
    assert _trend(pipeline_paths.warehouse) == trend
