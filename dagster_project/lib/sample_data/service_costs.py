"""The monthly service costs of serving each customer (deliveries, support, returns, visits),
derived from its sales lines so that the cost to serve follows the orders."""

from __future__ import annotations

from datetime import date

import duckdb

from dagster_project.lib.sample_data.landing_folder import LandingFolder


def write_service_cost_files(
    conn: duckdb.DuckDBPyConnection, landing: LandingFolder, end_date: date
) -> None:
    """One service_costs file a month, from the sales_lines table already in conn."""
    conn.execute(
        f"""
        create table service_costs as
        with monthly as (
            select
                customer_id,
                -- Costs are booked at month end, or today for the month in progress.
                least(last_day(order_date), date '{end_date}') as cost_date,
                count(distinct order_id) as orders,
                count(*) filter (where quantity < 0) as return_lines,
                count(*) as lines
            from sales_lines
            group by all
        ),
        with_kam as (
            select monthly.*, customer_frame.account_manager is not null as has_kam
            from monthly inner join customer_frame using (customer_id)
        )
        select customer_id, cost_date, 'delivery' as cost_type, round(orders * 18.5, 2) as amount from with_kam
        union all
        select customer_id, cost_date, 'support', round(35 + lines * 1.2, 2) from with_kam where lines > 20
        union all
        select customer_id, cost_date, 'returns', round(return_lines * 25.0, 2) from with_kam where return_lines > 0
        union all
        select customer_id, cost_date, 'visit', 150.0 from with_kam where has_kam and month(cost_date) % 3 = 0
        """
    )
    months = [
        row[0]
        for row in conn.execute(
            "select distinct strftime(cost_date, '%Y-%m') from service_costs order by 1"
        ).fetchall()
    ]
    for month in months:
        landing.copy(
            conn,
            f"select * from service_costs where strftime(cost_date, '%Y-%m') = '{month}' order by customer_id, cost_type",
            f"service_costs_{month}",
        )
