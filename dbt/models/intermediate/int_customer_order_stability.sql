{#-
    The order stability metric of int_customer_criteria_metrics (docs/method.md "Scoring"): for
    every customer with revenue in the window on an as-of date of the run, the coefficient of
    variation of its revenue over the window's one-month periods, from the period of its first
    order ever (or the window's first period, if earlier) to the last; null (no row) with fewer
    than min_stability_periods such periods.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

sales_by_period as (

    select * from {{ ref('int_customer_sales_by_period') }}

),

sales_by_day as (

    select * from {{ ref('int_customer_sales_by_day') }}

),

-- The window's window_months one-month periods; months without sales are 0.
window_periods as (

    select * from sales_by_period
    where period_index < {{ window_months }}

),

-- Each customer's first order day ever: months before it are not months it failed to order.
first_orders as (

    select
        customer_id,
        min(order_date) as first_order_date

    from sales_by_day
    where is_order_day
    group by customer_id

),

-- The periods order stability is measured over: from the period of the customer's first order
-- (or the window's first period, if earlier) to the last, for the customers with revenue in the
-- window; their mean period revenue is the exact decimal sum divided as a double (what DuckDB
-- does with a decimal; Spark would round it to the scale).
period_means as (

    select
        window_periods.as_of_date,
        window_periods.customer_id,
        least(
            {{ window_months }},
            1 + {{ period_index(
                'max(first_orders.first_order_date)', 'window_periods.as_of_date'
            ) }}
        ) as measured_periods,
        sum(window_periods.net_revenue) as net_revenue

    from window_periods
    inner join first_orders
        on window_periods.customer_id = first_orders.customer_id
    group by window_periods.as_of_date, window_periods.customer_id
    having sum(window_periods.net_revenue) > 0

),

measured_means as (

    select
        *,
        cast(net_revenue as double) / measured_periods as mean_revenue

    from period_means
    where measured_periods >= {{ pipeline_var('min_stability_periods') }}

),

-- The population standard deviation over the measured periods: the periods with sales add their
-- squared deviations in period order (aggregate_in_order), so a rerun gives the same last bit,
-- and each measured period without sales adds the squared mean.
final as (

    select
        measured_means.as_of_date,
        measured_means.customer_id,
        sqrt(
            (
                {{ aggregate_in_order(
                    'sum',
                    'power(cast(window_periods.net_revenue as double)'
                    ~ ' - cast(measured_means.mean_revenue as double), 2)',
                    'window_periods.period_index'
                ) }}
                + (max(measured_means.measured_periods) - count(*))
                * power(cast(max(measured_means.mean_revenue) as double), 2)
            ) / max(measured_means.measured_periods)
        ) / cast(max(measured_means.mean_revenue) as double) as coefficient_of_variation

    from measured_means
    inner join window_periods
        on
            measured_means.as_of_date = window_periods.as_of_date
            and measured_means.customer_id = window_periods.customer_id
            and measured_means.measured_periods > window_periods.period_index
    group by measured_means.as_of_date, measured_means.customer_id

)

select * from final
