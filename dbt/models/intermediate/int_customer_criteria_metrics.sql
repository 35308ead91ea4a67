{#-
    The raw metric of each scoring criterion for every scored customer on every as-of date of
    the run (README "How a score is computed"): customers in the master with sales lines in the
    window or an estimated potential above 0. A missing metric stays null; it scores 1
    downstream.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

customers as (

    select * from {{ ref('stg_raw__customers') }}

),

sales_by_period as (

    select * from {{ ref('int_customer_sales_by_period') }}

),

service_costs as (

    select * from {{ ref('stg_raw__service_costs') }}

),

revenue_in_window as (

    select * from {{ ref('int_customer_revenue_in_window') }}

),

scored_customers as (

    select
        revenue_in_window.as_of_date,
        revenue_in_window.customer_id,
        revenue_in_window.net_revenue,
        revenue_in_window.has_sales_in_window,
        customers.customer_name,
        customers.industry,
        customers.account_manager,
        customers.is_industry_leader,
        customers.reputation_score,
        customers.estimated_annual_potential

    from revenue_in_window
    inner join customers
        on revenue_in_window.customer_id = customers.customer_id

),

-- The window's window_months one-month periods; months without sales are 0.
window_periods as (

    select * from sales_by_period
    where period_index < {{ window_months }}

),

-- The mean period revenue of the customers with revenue in the window: the exact decimal sum
-- divided as a double (what DuckDB does with a decimal; Spark would round it to the scale).
period_means as (

    select
        as_of_date,
        customer_id,
        cast(sum(net_revenue) as double) / {{ window_months }} as mean_revenue,
        count(*) as periods_with_sales

    from window_periods
    group by as_of_date, customer_id
    having sum(net_revenue) > 0

),

-- The population standard deviation over every period of the window: the periods with sales
-- add their squared deviations in period order (aggregate_in_order), so a rerun gives the same
-- last bit, and each period without sales adds the squared mean.
order_stability as (

    select
        period_means.as_of_date,
        period_means.customer_id,
        sqrt(
            (
                {{ aggregate_in_order(
                    'sum',
                    'power(cast(window_periods.net_revenue as double)'
                    ~ ' - cast(period_means.mean_revenue as double), 2)',
                    'window_periods.period_index'
                ) }}
                + ({{ window_months }} - max(period_means.periods_with_sales))
                * power(cast(max(period_means.mean_revenue) as double), 2)
            ) / {{ window_months }}
        ) / cast(max(period_means.mean_revenue) as double) as coefficient_of_variation

    from period_means
    inner join window_periods
        on
            period_means.as_of_date = window_periods.as_of_date
            and period_means.customer_id = window_periods.customer_id
    group by period_means.as_of_date, period_means.customer_id

),

previous_window_revenue as (

    select
        as_of_date,
        customer_id,
        sum(net_revenue) as net_revenue

    from sales_by_period
    where
        period_index >= {{ window_months }}
        and period_index < {{ 2 * window_months }}
    group by as_of_date, customer_id

),

products_bought as (

    select
        as_of_dates.as_of_date,
        sales_lines.customer_id,
        count(distinct sales_lines.product_id) as distinct_products

    from {{ ref('int_sales_lines_converted') }} as sales_lines
    inner join as_of_dates
        on {{ in_window('sales_lines.order_date', 'as_of_dates.as_of_date', window_months) }}
    where sales_lines.quantity > 0
    group by as_of_dates.as_of_date, sales_lines.customer_id

),

window_service_costs as (

    select
        as_of_dates.as_of_date,
        service_costs.customer_id,
        sum(service_costs.amount) as service_cost

    from service_costs
    inner join as_of_dates
        on {{ in_window('service_costs.cost_date', 'as_of_dates.as_of_date', window_months) }}
    group by as_of_dates.as_of_date, service_costs.customer_id

),

final as (

    select
        scored_customers.as_of_date,
        scored_customers.customer_id,
        scored_customers.customer_name,
        scored_customers.industry,
        scored_customers.account_manager,
        not scored_customers.has_sales_in_window as is_prospect,
        scored_customers.net_revenue,
        cast(scored_customers.net_revenue as double) as current_revenue_metric,
        cast(scored_customers.estimated_annual_potential as double) as potential_revenue_metric,
        case
            when previous_window_revenue.net_revenue > 0
                then
                    cast(scored_customers.net_revenue as double)
                    / cast(previous_window_revenue.net_revenue as double)
                    - 1
        end as revenue_growth_metric,
        order_stability.coefficient_of_variation as order_stability_metric,
        case
            when scored_customers.net_revenue > 0
                then
                    cast(coalesce(window_service_costs.service_cost, 0) as double)
                    / cast(scored_customers.net_revenue as double)
        end as cost_to_serve_metric,
        cast(coalesce(products_bought.distinct_products, 0) as double) as product_need_metric,
        case
            when scored_customers.is_industry_leader then 10
            else cast(scored_customers.reputation_score as double)
        end as reputation_metric,
        -- KAISM's relative strength: how much of its (annual) potential the customer already
        -- buys from us, the window's revenue brought to a year.
        case
            when scored_customers.estimated_annual_potential > 0
                then
                    cast(scored_customers.net_revenue as double) * 12 / {{ window_months }}
                    / cast(scored_customers.estimated_annual_potential as double)
        end as share_of_wallet_metric

    from scored_customers
    left join order_stability
        on
            scored_customers.as_of_date = order_stability.as_of_date
            and scored_customers.customer_id = order_stability.customer_id
    left join previous_window_revenue
        on
            scored_customers.as_of_date = previous_window_revenue.as_of_date
            and scored_customers.customer_id = previous_window_revenue.customer_id
    left join products_bought
        on
            scored_customers.as_of_date = products_bought.as_of_date
            and scored_customers.customer_id = products_bought.customer_id
    left join window_service_costs
        on
            scored_customers.as_of_date = window_service_costs.as_of_date
            and scored_customers.customer_id = window_service_costs.customer_id

)

select * from final
