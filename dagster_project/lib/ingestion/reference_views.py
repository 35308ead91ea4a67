"""The views of the holding area that the suites compare a delivery against, as the warehouse
will be once the delivery is merged (docs/operations.md, "Bad input"; expectations/README.md).
"""

from __future__ import annotations

import statistics

import duckdb

from dagster_project.lib.configuration.scoring import SIGNALS
from dagster_project.lib.contracts.datasets import DATASETS
from dagster_project.lib.ingestion.holding_area import HOLDING_SCHEMA, StagedFile, batch_table
from dagster_project.lib.ingestion.raw_tables import MANIFEST_TABLE
from dagster_project.lib.ingestion.rules import IngestionRules
from dagster_project.lib.warehouse.sql import sql_string

# A file's row count is unusual below a tenth or above ten times the median of the last deliveries.
USUAL_ROWS_FACTOR = 10
USUAL_ROWS_HISTORY = 30


def build_reference_views(
    conn: duckdb.DuckDBPyConnection, staged: list[StagedFile], rules: IngestionRules
) -> None:
    """What the suites compare against: the customer master and FX rates as they will be once
    this batch is merged, the customers with sales in the as-of date's window, the reporting
    currency, the tiers an override may set, the factors an assessment may rate, the signals
    an action feedback may answer, and each dataset's usual file size."""
    usable = [s for s in staged if s.read_error is None and s.has_required_columns]
    # The configuration validated the currency as three capital letters, safe to inline.
    conn.execute(
        f"create view {HOLDING_SCHEMA}.settings as select '{rules.reporting_currency}' as reporting_currency"
    )
    _create_names_view(conn, "override_tiers", "tier", rules.override_tiers)
    _create_names_view(conn, "assessment_factors", "factor", rules.assessment_factors)
    _create_names_view(conn, "action_signals", "signal", SIGNALS)
    snapshots = [s for s in usable if s.landing_file.dataset.name == "customers"]
    customers = (
        f"select customer_id from ({snapshots[-1].relation})"
        if snapshots
        else "select customer_id from raw.customers"
    )
    conn.execute(f"create view {HOLDING_SCHEMA}.known_customers as {customers}")
    rates = ["select rate_date as fx_rate_date, upper(currency) as fx_currency from raw.fx_rates"]
    if any(s.landing_file.dataset.name == "fx_rates" and s.in_batch for s in usable):
        rates.append(f"select rate_date, upper(currency) from {batch_table('fx_rates')}")
    conn.execute(f"create view {HOLDING_SCHEMA}.known_fx_rates as {' union all '.join(rates)}")
    _build_recent_buyers_view(conn, usable, rules)
    _build_usual_row_counts_view(conn)


def _create_names_view(
    conn: duckdb.DuckDBPyConnection, view: str, column: str, names: tuple[str, ...]
) -> None:
    """A view of one text column listing names of the configuration or of the code (none is an
    empty view)."""
    values = ", ".join(sql_string(name) for name in names)
    conn.execute(
        f"create view {HOLDING_SCHEMA}.{view} as select unnest([{values}]::varchar[]) as {column}"
    )


def _build_recent_buyers_view(
    conn: duckdb.DuckDBPyConnection, usable: list[StagedFile], rules: IngestionRules
) -> None:
    """Customers with sales lines, merged or in this batch, in the window of one of the run's
    as-of dates: a customer snapshot must keep them (they are scored and counted in every
    table)."""
    lines = ["select customer_id, order_date from raw.sales_lines"]
    if any(s.landing_file.dataset.name == "sales_lines" and s.in_batch for s in usable):
        lines.append(f"select customer_id, order_date from {batch_table('sales_lines')}")
    first = f"date '{(rules.first_as_of or rules.as_of).isoformat()}'"
    last = f"date '{rules.as_of.isoformat()}'"
    conn.execute(
        f"create view {HOLDING_SCHEMA}.customers_with_recent_sales as "
        f"select distinct customer_id from ({' union all '.join(lines)}) as lines "
        f"where order_date > {first} - interval {int(rules.window_months)} month "
        f"and order_date <= {last} and customer_id is not null"
    )


def _build_usual_row_counts_view(conn: duckdb.DuckDBPyConnection) -> None:
    """Each dataset's usual row counts, from the manifest's last deliveries, so that a file
    far smaller or larger than usual raises a warning (any count is usual before a first one)."""
    bounds = []
    for dataset in DATASETS:
        counts = [
            row[0]
            for row in conn.execute(
                f"select row_count from {MANIFEST_TABLE} where dataset = ? order by ingestion_id desc limit ?",
                [dataset, USUAL_ROWS_HISTORY],
            ).fetchall()
        ]
        if counts:
            median = statistics.median(counts)
            bounds.append(
                f"select '{dataset}', {median / USUAL_ROWS_FACTOR}, {median * USUAL_ROWS_FACTOR}"
            )
        else:
            bounds.append(f"select '{dataset}', 0, 1e18")
    conn.execute(
        f"create view {HOLDING_SCHEMA}.usual_row_counts (dataset, min_rows, max_rows) as {' union all '.join(bounds)}"
    )
