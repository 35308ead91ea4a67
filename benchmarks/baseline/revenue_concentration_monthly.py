"""The published revenue_concentration_monthly (docs/published-tables.md; docs/method.md,
"Concentration"): the concentration figures of every month end of the history, each over the
window_months calendar months ending with it."""

from __future__ import annotations

from benchmarks.baseline.revenue_concentration import figure_columns, figures_sql
from benchmarks.baseline.revenue_shares import shares_sql
from benchmarks.baseline.session import Session


def _month_ends(session: Session) -> None:
    # Month ends from the first month of sales to the last month end on or before the
    # latest order date; each month's window is the w calendar months ending with it.
    session.execute("""
        create temp table month_ends as
        with

        history as (
            select
                min(order_month) as first_month,
                max(last_order_date) as last_order_date
            from customer_month_revenue
        ),

        bounds as (
            select
                first_month,
                case
                    when last_day(last_order_date) = last_order_date
                        then cast(date_trunc('month', last_order_date) as date)
                    else cast(date_trunc('month', last_order_date) - interval 1 month as date)
                end as last_month
            from history
        )

        select
            cast(unnest(range(first_month, last_month + interval 1 month, interval 1 month)) as date)
            as month_start,
            first_month
        from bounds
        where first_month <= last_month
    """)


def _monthly_customer_revenue(session: Session) -> None:
    w = session.config.window_months
    session.execute(f"""
        create temp table monthly_customer_revenue as
        with

        calendar_months as (
            select customer_id, order_month, sum(net_revenue) as net_revenue
            from customer_month_revenue
            group by customer_id, order_month
        ),

        customer_spans as (
            select customer_id, min(order_month) as first_month, max(order_month) as last_month
            from calendar_months
            group by customer_id
        ),

        -- every month from a customer's first sale until its last one has left the window
        customer_month_grid as (
            select customer_spans.customer_id, month_ends.month_start
            from customer_spans
            inner join month_ends
                on month_ends.month_start >= customer_spans.first_month
                and month_ends.month_start < customer_spans.last_month + to_months({w})
        ),

        trailing_revenue as (
            select
                last_day(customer_month_grid.month_start) as month_end_date,
                customer_month_grid.customer_id,
                sum(coalesce(calendar_months.net_revenue, 0)) over (
                    partition by customer_month_grid.customer_id
                    order by customer_month_grid.month_start
                    rows between {w - 1} preceding and current row
                ) as net_revenue
            from customer_month_grid
            left join calendar_months
                on customer_month_grid.customer_id = calendar_months.customer_id
                and customer_month_grid.month_start = calendar_months.order_month
        )

        select * from trailing_revenue where net_revenue > 0
    """)


def publish_revenue_concentration_monthly(session: Session) -> None:
    config = session.config
    w = config.window_months
    session.step("monthly concentration")
    _month_ends(session)
    _monthly_customer_revenue(session)
    session.execute(f"""
        create table revenue_concentration_monthly as
        with

        monthly_shares as (
            {shares_sql("monthly_customer_revenue", "month_end_date", config)}
        ),

        figures as (
            {figures_sql("monthly_shares", "month_end_date")}
        )

        select
            last_day(month_ends.month_start) as month_end_date,
            {figure_columns("figures")},
            month_ends.month_start >= month_ends.first_month + to_months({w - 1})
            as is_window_complete
        from month_ends
        left join figures on last_day(month_ends.month_start) = figures.month_end_date
        order by month_end_date
    """)
