"""Writing a drawn book as landing files, each announced by its marker, through DuckDB: it
converts prices at each day's rate and splits the lines into one file a day."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from dagster_project.lib.sample_data.book import DrawnBook
from dagster_project.lib.sample_data.landing_folder import LandingFolder, announce
from dagster_project.lib.sample_data.service_costs import write_service_cost_files


def write_landing_files(
    book: DrawnBook,
    landing: LandingFolder,
    first_day: date,
    end_date: date,
    days: int,
    progress: Callable[[str], object],
) -> int:
    """Write every file of the book into landing; the number of daily sales line files."""
    # Tens of millions of lines would otherwise be sorted in memory; beyond the limit set below,
    # DuckDB spills to this folder.
    with tempfile.TemporaryDirectory(prefix="sample_spill_", dir=landing.path) as spill_dir:
        conn = duckdb.connect()
        try:
            # One thread keeps row order, and so the bytes of every file, the same from run to run.
            conn.execute("set threads = 1")
            conn.execute(
                f"set memory_limit = '4GB'; set temp_directory = '{spill_dir}'; "
                # The generator reports its own progress; DuckDB's bar would fill logs with redraws.
                "set enable_progress_bar = false"
            )
            _load_book(conn, book, first_day, days)
            _write_master_files(conn, book, landing, end_date, progress)
            sales_line_files = _write_sales_line_files(conn, landing, len(book.lines), progress)
            progress("Writing monthly service costs")
            write_service_cost_files(conn, landing, end_date)
        finally:
            conn.close()
    return sales_line_files


def _load_book(
    conn: duckdb.DuckDBPyConnection, book: DrawnBook, first_day: date, days: int
) -> None:
    """The book's frames as views, the history's calendar, and each day's rate of each
    currency."""
    conn.register("customer_frame", book.customers.drop(columns=["weight"]))
    conn.register("product_frame", book.catalogue.drop(columns=["list_price"]))
    conn.register("assessment_frame", book.assessments)
    conn.register("line_frame", book.lines)
    conn.register("fx_frame", book.fx_rates)
    conn.execute(
        f"create table calendar as select (date '{first_day}' + range::integer) as order_date, range as day from range({days})"
    )
    # Each day's rate of each currency: the as-of join matches the currency too, or a day
    # would get the rate of one currency only and the others' prices go unconverted.
    conn.execute(
        """
        create table fx_daily as
        select days.day, fx.currency, fx.rate_to_reporting
        from (
            select calendar.day, calendar.order_date, currencies.currency
            from calendar cross join (select distinct currency from fx_frame) as currencies
        ) as days
        asof join fx_frame as fx
            on days.currency = fx.currency and days.order_date >= fx.rate_date
        """
    )


def _write_master_files(
    conn: duckdb.DuckDBPyConnection,
    book: DrawnBook,
    landing: LandingFolder,
    end_date: date,
    progress: Callable[[str], object],
) -> None:
    """The snapshots and the dated files of the last day: customers, products, assessments and
    FX rates."""
    customers, assessments = book.customers, book.assessments
    progress(
        f"Writing the customer master ({len(customers):,} customers, {int(customers['is_prospect'].sum()):,} prospects)"
    )
    landing.copy(
        conn,
        """
        select customer_id, customer_name, industry, country, account_manager,
               is_industry_leader::boolean as is_industry_leader,
               reputation_score, estimated_annual_potential::decimal(18, 2) as estimated_annual_potential,
               parent_customer_id::varchar as parent_customer_id
        from customer_frame order by customer_id
        """,
        f"customers_{end_date.isoformat()}",
    )
    progress(
        f"Writing {len(book.catalogue):,} products, {len(book.groups):,} customer groups and "
        f"{len(assessments):,} assessments of {assessments['customer_id'].nunique():,} customers"
    )
    landing.copy(
        conn,
        "select product_id, product_name, category from product_frame order by product_id",
        f"products_{end_date.isoformat()}",
    )
    landing.copy(
        conn,
        "select customer_id, factor, rating::integer as rating, assessed_on::date as assessed_on, "
        "assessor from assessment_frame order by assessed_on, customer_id, factor",
        f"account_assessments_{end_date.isoformat()}",
    )
    landing.copy(
        conn,
        "select rate_date, currency, rate_to_reporting from fx_frame order by rate_date, currency",
        f"fx_rates_{end_date.isoformat()}",
    )


def _write_sales_line_files(
    conn: duckdb.DuckDBPyConnection,
    landing: LandingFolder,
    line_count: int,
    progress: Callable[[str], object],
) -> int:
    """The sales lines in the customer's currency, one file per day with lines; how many files.
    DuckDB writes them partitioned by day into a staging folder, and each is moved into the
    landing folder under its dataset's name."""
    conn.execute(
        """
        create table sales_lines as
        select
            'SO' || lpad(line_frame.order_number::varchar, 9, '0') as order_id,
            line_frame.line_number,
            calendar.order_date,
            customer_frame.customer_id,
            product_frame.product_id,
            line_frame.quantity,
            round(line_frame.price_eur / coalesce(fx_daily.rate_to_reporting, 1), 2) as unit_price,
            line_frame.discount,
            customer_frame.currency
        from line_frame
        inner join calendar on line_frame.day = calendar.day
        inner join customer_frame on line_frame.customer_index = customer_frame.customer_index
        inner join product_frame on line_frame.product_index = product_frame.product_index
        left join fx_daily on line_frame.day = fx_daily.day and customer_frame.currency = fx_daily.currency
        order by order_id, line_number
        """
    )
    days_with_lines = [
        row[0]
        for row in conn.execute("select distinct order_date from sales_lines order by 1").fetchall()
    ]
    staging = Path(tempfile.mkdtemp(prefix="sample_", dir=landing.path))
    try:
        progress(f"Writing {line_count:,} sales lines as {len(days_with_lines):,} daily files")
        conn.execute(
            f"copy (select *, order_date as file_date from sales_lines order by order_id, line_number) "
            f"to '{staging}' ({landing.copy_options}, "
            "partition_by (file_date), write_partition_columns false)"
        )
        for day in days_with_lines:
            written = next((staging / f"file_date={day.isoformat()}").iterdir())
            target = landing.file(f"sales_lines_{day.isoformat()}")
            written.rename(target)
            announce(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(days_with_lines)
