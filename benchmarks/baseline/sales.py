"""The one pass over the sales lines (docs/method.md, "Inputs"): de-duplicated, converted to
the reporting currency and summed into the buckets every scored date's periods are made of."""

from __future__ import annotations

from pathlib import Path

from benchmarks.baseline.inputs import delivered_rows
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import AMOUNT, MONEY, date_sql, text


def load_sales(session: Session, files: dict[str, list[Path]]) -> int:
    """The buckets, then the sales summed into them; the sales lines after de-duplication."""
    cut_days_into_buckets(session)
    session.step(f"sales lines: {len(files['sales_lines'])} files")
    sum_sales_lines(session, files)
    return session.conn.execute(
        "select coalesce(sum(line_count), 0) from customer_month_revenue"
    ).fetchone()[0]


def cut_days_into_buckets(session: Session) -> None:
    w = session.config.window_months
    dates = "[" + ", ".join(date_sql(day) for day in session.dates) + "]"
    # Each date scored splits the time before it into 2 × window_months one-month periods
    # (the window and the window before it): period k covers (as_of − (k + 1) months,
    # as_of − k months]. The bounds of every date's periods cut the days into buckets,
    # (previous bound, bound], that lie in one period of every date: the sales lines are
    # summed per bucket, once for the whole chain. With one date, the buckets are its
    # periods. Likewise the bounds of the windows alone cut the days into the buckets of the
    # products bought.
    session.execute(f"""
        create temp table period_bounds as
        select
            cast(as_of_date - to_months(period_index) as date) as bound,
            bool_or(period_index in (0, {w})) as is_window_bound
        from
            (select unnest({dates}) as as_of_date) as scored_dates,
            range(0, {2 * w + 1}) as periods(period_index)
        group by bound
    """)
    session.execute("""
        create temp table day_buckets as
        with

        days as (
            select
                cast(
                    unnest(range(min(bound) + 1, max(bound) + 1, interval 1 day)) as date
                ) as order_date
            from period_bounds
        ),

        first_window_bound as (
            select min(bound) as bound from period_bounds where is_window_bound
        )

        select
            days.order_date,
            (
                select min(period_bounds.bound)
                from period_bounds
                where period_bounds.bound >= days.order_date
            ) as bucket_end,
            case
                when days.order_date > (select bound from first_window_bound)
                    then (
                        select min(period_bounds.bound)
                        from period_bounds
                        where period_bounds.is_window_bound
                        and period_bounds.bound >= days.order_date
                    )
            end as product_bucket_end
        from days
    """)


def _priced_lines(session: Session, files: dict[str, list[Path]]) -> str:
    """The delivered lines with their FX rate and the double product of their net amount."""
    conn, config = session.conn, session.config
    return f"""
        delivered_lines as (
            select
                lines.order_id,
                cast(lines.line_number as integer) as line_number,
                cast(lines.order_date as date) as order_date,
                lines.customer_id,
                lines.product_id,
                cast(lines.quantity as {MONEY}) as quantity,
                cast(lines.unit_price as {MONEY}) as unit_price,
                coalesce(cast(lines.discount as {MONEY}), 0) as discount,
                coalesce(upper(lines.currency), {text(config.reporting_currency)}) as currency,
                input_files.file_order
            from {delivered_rows(conn, "sales_lines", files["sales_lines"])} as lines
            inner join input_files on lines.source_file = input_files.source_file
        ),

        priced_lines as (
            select
                delivered_lines.*,
                case
                    when delivered_lines.currency = {text(config.reporting_currency)} then 1
                    else coalesce(
                        fx_daily_rates.rate_to_reporting, fx_last_rates.rate_to_reporting
                    )
                end as fx_rate
            from delivered_lines
            left join fx_daily_rates
                on delivered_lines.currency = fx_daily_rates.currency
                and delivered_lines.order_date = fx_daily_rates.rate_day
            left join fx_last_rates
                on delivered_lines.currency = fx_last_rates.currency
                and delivered_lines.order_date >= fx_last_rates.rate_date
        ),

        approximated_lines as (
            select
                *,
                cast(quantity as double)
                * cast(unit_price as double)
                * cast(1 - discount as double)
                * cast(fx_rate as double) as approximate_amount
            from priced_lines
        )
    """


def _current_lines() -> str:
    """Each line's net amount, the latest delivery of a line alone, with its buckets."""
    return f"""
        -- A line's net amount, quantity × unit_price × (1 − discount) × rate, is money: the
        -- exact product rounded to 6 decimals (half away from zero). Rounding a 38-digit
        -- decimal is slow, so the double product is used wherever it provably rounds the
        -- same: its relative error is below 1e-15, i.e. under 1e-4 micro-units below
        -- 100,000, so a double more than 0.001 micro-units away from a half micro-unit is
        -- on the right side. The rest (about 1% of the lines) is rounded exactly.
        converted_lines as (
            select
                order_id,
                line_number,
                file_order,
                customer_id,
                order_date,
                case when quantity > 0 then product_id end as product_bought,
                case
                    when
                        abs(approximate_amount) < 100000
                        and abs(
                            approximate_amount * 1000000
                            - floor(approximate_amount * 1000000)
                            - 0.5
                        ) > 0.001
                        then cast(approximate_amount as {AMOUNT})
                    else cast(quantity * unit_price * (1 - discount) * fx_rate as {AMOUNT})
                end as net_amount
            from approximated_lines
        ),

        -- A line delivered again replaces the earlier one: the latest file wins.
        current_lines as (
            select customer_id, order_date, product_bought, net_amount
            from converted_lines
            qualify row_number() over (
                partition by order_id, line_number order by file_order desc
            ) = 1
        ),

        dated_lines as (
            select
                current_lines.customer_id,
                current_lines.order_date,
                cast(date_trunc('month', current_lines.order_date) as date) as order_month,
                day_buckets.bucket_end,
                day_buckets.product_bucket_end,
                case
                    when day_buckets.product_bucket_end is not null
                        then current_lines.product_bought
                end as product_bought,
                current_lines.net_amount
            from current_lines
            left join day_buckets on current_lines.order_date = day_buckets.order_date
        )
    """


def sum_sales_lines(session: Session, files: dict[str, list[Path]]) -> None:
    """Summed per customer, calendar month and bucket, and per customer, product bought and
    product bucket, in one grouping-sets pass; then split into the two tables read later."""
    # The one pass over the sales lines: de-duplicated (the latest file wins), converted to
    # the reporting currency.
    session.execute(f"""
        create temp table sales_summary as
        with

        {_priced_lines(session, files)},

        {_current_lines()}

        select
            customer_id,
            order_month,
            bucket_end,
            product_bucket_end,
            product_bought,
            grouping(product_bought) = 0 as is_product_row,
            sum(net_amount) as net_revenue,
            count(*) as line_count,
            min(order_date) as first_order_date,
            max(order_date) as last_order_date
        from dated_lines
        group by grouping sets (
            (customer_id, order_month, bucket_end),
            (customer_id, product_bucket_end, product_bought)
        )
    """)
    # Per customer, calendar month and bucket (null: before the first date's periods or
    # after the as-of date).
    session.execute("""
        create temp table customer_month_revenue as
        select
            customer_id,
            order_month,
            bucket_end,
            net_revenue,
            line_count,
            first_order_date,
            last_order_date
        from sales_summary
        where not is_product_row
    """)
    session.execute("""
        create temp table product_buckets as
        select customer_id, product_bucket_end, product_bought
        from sales_summary
        where is_product_row and product_bought is not null
    """)
    session.execute("drop table sales_summary")
