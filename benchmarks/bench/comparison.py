"""The published tables against the baseline's, table by table and row by row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from dagster_project.lib.publishing.published_file import MONEY_TYPE
from dagster_project.lib.warehouse.sql import sql_string

# Published table → the columns that identify a row on one as-of date.
COMPARED_TABLES = {
    "customer_scores": ("customer_id",),
    "customer_revenue_shares": ("customer_id",),
    "customer_group_revenue_shares": ("group_id",),
    "revenue_concentration": ("as_of_date",),
    "kaism_matrix": ("customer_id",),
    "kam_portfolio": ("account_manager",),
    "revenue_concentration_monthly": ("month_end_date",),
}
RELATIVE_TOLERANCE = 1e-9


def _column_types(conn: duckdb.DuckDBPyConnection, database: str, table: str) -> dict[str, str]:
    return dict(
        conn.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = ? and schema_name = 'main' and table_name = ?",
            [database, table],
        ).fetchall()
    )


def _difference(column: str, baseline_type: str, published_type: str) -> str:
    """The largest relative difference of a number, or the count of other values that differ."""
    if not any(t in baseline_type for t in ("DOUBLE", "DECIMAL", "INT", "FLOAT")):
        return f"sum(case when p.{column} is distinct from b.{column} then 1 else 0 end)"
    # Money is published in cents (docs/published-tables.md): the baseline's amount is
    # compared once rounded to cents the same way.
    theirs = f"round(b.{column}, 2)" if published_type == MONEY_TYPE else f"b.{column}"
    return (
        f"max(case when p.{column} is null and {theirs} is null then 0 "
        f"when p.{column} is null or {theirs} is null then 1 "
        f"else abs(p.{column}::double - {theirs}::double) / "
        f"greatest(abs(p.{column}::double), abs({theirs}::double), 1e-12) end)"
    )


def _compare_table(
    conn: duckdb.DuckDBPyConnection, table: str, keys: tuple[str, ...], as_of: date
) -> dict:
    types = _column_types(conn, "baseline", table)
    published_columns = _column_types(conn, "published", table)
    shared = [c for c in types if c in published_columns and c not in keys]
    dated = "as_of_date" in published_columns
    date_filter = f"where as_of_date = date '{as_of}'" if dated else ""
    # The monthly trend holds every month end up to the last order; the baseline's does too.
    pub = f"(select *, true as is_present from published.main.{table} {date_filter})"
    base_filter = date_filter if "as_of_date" in types else ""
    base = f"(select *, true as is_present from baseline.main.{table} {base_filter})"
    join = " and ".join(f"p.{k} is not distinct from b.{k}" for k in keys)
    measures = [_difference(c, types[c], published_columns[c]) for c in shared]
    row = conn.execute(
        "select count(p.is_present), count(b.is_present), "
        "count(*) filter (where p.is_present is null or b.is_present is null)"
        f"{''.join(', ' + m for m in measures)} "
        f"from {pub} as p full outer join {base} as b on {join}"
    ).fetchone()
    return {
        "published_rows": row[0],
        "baseline_rows": row[1],
        "unmatched_rows": row[2],
        "differences": {
            column: float(value or 0) for column, value in zip(shared, row[3:], strict=True)
        },
    }


def compare_with_baseline(published: Path, baseline: Path, as_of: date) -> dict[str, dict]:
    """Per published table: rows on each side, rows only on one side, and the largest relative
    difference of a number (or the count of other values that differ) over the shared columns."""
    conn = duckdb.connect()
    conn.execute(f"attach {sql_string(str(published))} as published (read_only)")
    conn.execute(f"attach {sql_string(str(baseline))} as baseline (read_only)")
    report = {
        table: _compare_table(conn, table, keys, as_of) for table, keys in COMPARED_TABLES.items()
    }
    conn.close()
    return report


def figures_agree(report: dict[str, dict]) -> bool:
    return all(
        table["published_rows"] == table["baseline_rows"]
        and table["unmatched_rows"] == 0
        and all(value <= RELATIVE_TOLERANCE for value in table["differences"].values())
        for table in report.values()
    )
