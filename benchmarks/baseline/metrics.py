"""Each scored customer's metrics as of a date (docs/method.md, "Scoring"): the window's and
the window before's revenue by one-month period, costs, products, ratings in force, proxies."""

from __future__ import annotations

from benchmarks.baseline.config import Config
from benchmarks.baseline.session import Session
from benchmarks.baseline.sql import text


def measure_customers(session: Session) -> None:
    """customer_metrics for the date being scored, with the tables it is computed from."""
    session.step(f"metrics and scores as of {session.as_of}")
    split_into_periods(session)
    find_customers_in_scope(session)
    find_ratings_in_force(session)
    compute_customer_metrics(session)


def split_into_periods(session: Session) -> None:
    as_of, w = session.as_of, session.config.window_months
    # The as-of date's 2 × window_months periods, as one row per day: periods 0 … w − 1 are
    # the window, w … 2w − 1 the window before.
    session.execute(f"""
        create or replace temp table period_days as
        with periods as (
            select
                period_index,
                cast({as_of} - to_months(period_index + 1) as date) as period_start_exclusive,
                cast({as_of} - to_months(period_index) as date) as period_end
            from range(0, {2 * w}) as periods(period_index)
        )
        select
            cast(
                unnest(range(period_start_exclusive + 1, period_end + 1, interval 1 day))
                as date
            ) as order_date,
            period_index
        from periods
    """)
    # A bucket lies in one period of the date: the period of its last day.
    session.execute("""
        create or replace temp table period_revenue as
        select
            customer_month_revenue.customer_id,
            period_days.period_index,
            sum(customer_month_revenue.net_revenue) as net_revenue,
            sum(customer_month_revenue.line_count) as line_count
        from customer_month_revenue
        inner join period_days on customer_month_revenue.bucket_end = period_days.order_date
        group by customer_month_revenue.customer_id, period_days.period_index
    """)


def find_customers_in_scope(session: Session) -> None:
    w = session.config.window_months
    # In scope: customers with sales lines in the window (in the master or not), and
    # prospects of the master with a potential.
    session.execute(f"""
        create or replace temp table customers_in_scope as
        with

        window_sales as (
            select
                customer_id,
                sum(net_revenue) filter (where period_index < {w}) as net_revenue,
                sum(line_count) filter (where period_index < {w}) as window_lines,
                sum(net_revenue) filter (where period_index >= {w}) as previous_net_revenue
            from period_revenue
            group by customer_id
        ),

        in_scope as (
            select customer_id from window_sales where window_lines > 0
            union
            select customer_id from customer_master where estimated_annual_potential > 0
        )

        select
            in_scope.customer_id,
            coalesce(window_sales.window_lines, 0) > 0 as has_sales_in_window,
            coalesce(window_sales.net_revenue, 0) as net_revenue,
            window_sales.previous_net_revenue,
            customer_master.customer_id is not null as is_in_master
        from in_scope
        left join window_sales on in_scope.customer_id = window_sales.customer_id
        left join customer_master on in_scope.customer_id = customer_master.customer_id
    """)


def find_ratings_in_force(session: Session) -> None:
    config, as_of = session.config, session.as_of
    # The rating in force of each configured factor: the latest at most
    # assessment_max_age_months old (month arithmetic, as the window's bounds).
    session.execute(f"""
        create or replace temp table ratings_in_force as
        select customer_id, factor, arg_max(rating, assessed_on) as rating
        from assessments
        where
            assessed_on <= {as_of}
            and assessed_on >= {as_of} - to_months({config.assessment_max_age_months})
        group by customer_id, factor
    """)


def _judgeable_metrics(config: Config) -> str:
    """The metric and basis columns of the criteria a KAM may judge."""
    factors = config.assessment_factors
    # A criterion a KAM may judge: the rating in force wins over the data proxy, and the basis
    # says which was used (null: neither).
    data_proxies = {
        "product_need": "cast(coalesce(window_products.distinct_products, 0) as double)",
        "reputation": """case
                when customer_master.is_industry_leader then 10
                else cast(customer_master.reputation_score as double)
            end""",
    }
    judgeable = []
    for name, proxy in data_proxies.items():
        rating = f'factor_ratings."{name}_rating"' if name in factors else "null"
        judgeable.append(f"""coalesce({rating}, {proxy}) as {name}_metric,
            case
                when {rating} is not null then 'assessment'
                when {proxy} is not null then 'data'
            end as {name}_basis""")

    return ", ".join(judgeable)


def _revenue_ctes(session: Session) -> str:
    """The window's period spread and the number of periods the stability is measured over."""
    config, as_of = session.config, session.as_of
    w = config.window_months
    return f"""
        -- sqrt(n·Σp² − (Σp)²) / Σp is the population standard deviation / mean of n period
        -- revenues; the sums exact.
        period_spread as (
            select
                customer_id,
                sum(net_revenue) as window_revenue,
                sum(net_revenue * net_revenue) as sum_of_squares
            from period_revenue
            where period_index < {w}
            group by customer_id
        ),

        first_orders as (
            select customer_id, min(first_order_date) as first_order_date
            from customer_month_revenue
            where first_order_date <= {as_of}
            group by customer_id
        ),

        -- The periods from the one of the customer's first order ever (or the window's
        -- first, if earlier) to the last: there are no sales in the periods before it.
        stability_periods as (
            select
                first_orders.customer_id,
                case
                    when period_days.period_index is null or period_days.period_index >= {w}
                        then {w}
                    else period_days.period_index + 1
                end as periods
            from first_orders
            left join period_days on first_orders.first_order_date = period_days.order_date
        )
    """


def _other_ctes(session: Session) -> str:
    """The window's service costs and products bought, and the ratings in force by factor."""
    config, as_of = session.config, session.as_of
    w = config.window_months
    rating_columns = "".join(
        f'max(rating) filter (where factor = {text(factor)}) as "{factor}_rating", '
        for factor in config.assessment_factors
    )
    return f"""
        window_service_costs as (
            select customer_id, sum(service_cost) as service_cost
            from service_cost_days
            where cost_date > {as_of} - to_months({w}) and cost_date <= {as_of}
            group by customer_id
        ),

        window_products as (
            select customer_id, count(distinct product_bought) as distinct_products
            from product_buckets
            where
                product_bucket_end > {as_of} - to_months({w})
                and product_bucket_end <= {as_of}
            group by customer_id
        ),

        factor_ratings as (
            select {rating_columns} customer_id
            from ratings_in_force
            group by customer_id
        )
    """


# The tables of _revenue_ctes and _other_ctes, each a row per customer at most.
METRIC_SOURCES = (
    "period_spread",
    "stability_periods",
    "window_service_costs",
    "window_products",
    "factor_ratings",
)


def compute_customer_metrics(session: Session) -> None:
    config = session.config
    w, factors = config.window_months, config.assessment_factors
    # Scored: the customers in scope that are in the master.
    session.execute(f"""
        create or replace temp table customer_metrics as
        with

        {_revenue_ctes(session)},

        {_other_ctes(session)}

        select
            customers_in_scope.customer_id,
            customer_master.customer_name,
            customer_master.industry,
            customer_master.account_manager,
            not customers_in_scope.has_sales_in_window as is_prospect,
            customers_in_scope.net_revenue,
            cast(customers_in_scope.net_revenue as double) as current_revenue_metric,
            cast(customer_master.estimated_annual_potential as double)
            as potential_revenue_metric,
            case
                when customers_in_scope.previous_net_revenue > 0
                    then cast(customers_in_scope.net_revenue as double)
                    / cast(customers_in_scope.previous_net_revenue as double) - 1
            end as revenue_growth_metric,
            case
                when
                    customers_in_scope.net_revenue > 0
                    and stability_periods.periods >= {config.min_stability_periods}
                    then sqrt(cast(
                        stability_periods.periods * period_spread.sum_of_squares
                        - period_spread.window_revenue * period_spread.window_revenue
                        as double
                    )) / cast(customers_in_scope.net_revenue as double)
            end as order_stability_metric,
            case
                when customers_in_scope.net_revenue > 0
                    then cast(coalesce(window_service_costs.service_cost, 0) as double)
                    / cast(customers_in_scope.net_revenue as double)
            end as cost_to_serve_metric,
            {_judgeable_metrics(config)},
            {"".join(f'factor_ratings."{factor}_rating", ' for factor in factors)}
            -- KAISM: the window's revenue brought to a year, over the annual potential.
            case
                when customer_master.estimated_annual_potential > 0
                    then cast(customers_in_scope.net_revenue as double) * 12 / {w}
                    / cast(customer_master.estimated_annual_potential as double)
            end as share_of_wallet_metric
        from customers_in_scope
        inner join customer_master using (customer_id)
        {" ".join(f"left join {table} using (customer_id)" for table in METRIC_SOURCES)}
    """)
