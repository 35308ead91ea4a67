{#-
    The raw metric of each scoring criterion for every scored customer on the as-of date
    (DESIGN.md, "Criterion score"): customers in the master with sales lines in the window or
    an estimated potential above 0. A missing metric stays null; it scores 1 downstream.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

customers as (

    select * from {{ ref('stg_raw__customers') }}

),

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

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

-- The window as window_months one-month periods ending on the as-of date:
-- period k covers (as_of - (k + 1) months, as_of - k months].
periods as (

    {% for months_back in range(window_months) %}
        select
            {{ months_back }} as period_index,
            {{ months_before_as_of(months_back + 1) }} as period_start_exclusive,
            {{ months_before_as_of(months_back) }} as period_end
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

lines_in_window as (

    select *
    from sales_lines
    where
        order_date > {{ months_before_as_of(window_months) }}
        and order_date <= {{ as_of_date() }}

),

period_revenue as (

    select
        lines_in_window.customer_id,
        periods.period_index,
        sum(lines_in_window.net_amount) as net_revenue

    from lines_in_window
    inner join periods
        on
            lines_in_window.order_date > periods.period_start_exclusive
            and lines_in_window.order_date <= periods.period_end
    group by lines_in_window.customer_id, periods.period_index

),

-- Months without orders count as 0, so every customer has window_months periods. The mean is
-- an exact decimal; the deviation, a double, adds the periods in order (aggregate_in_order), so
-- a rerun gives the same last bit.
order_stability as (

    select
        scored_customers.customer_id,
        {{ aggregate_in_order(
            'stddev_pop',
            'cast(coalesce(period_revenue.net_revenue, 0) as double)',
            'periods.period_index'
        ) }}
        / cast(avg(coalesce(period_revenue.net_revenue, 0)) as double) as coefficient_of_variation

    from scored_customers
    cross join periods
    left join period_revenue
        on
            scored_customers.customer_id = period_revenue.customer_id
            and periods.period_index = period_revenue.period_index
    where scored_customers.net_revenue > 0
    group by scored_customers.customer_id

),

-- This and products_bought read the lines model again rather than a CTE above: DuckDB
-- materializes a CTE that a query reads twice, which here would copy the whole history.
previous_window_revenue as (

    select
        customer_id,
        sum(net_amount) as net_revenue

    from {{ ref('int_sales_lines_converted') }}
    where
        order_date > {{ months_before_as_of(2 * window_months) }}
        and order_date <= {{ months_before_as_of(window_months) }}
    group by customer_id

),

products_bought as (

    select
        customer_id,
        count(distinct case when quantity > 0 then product_id end) as distinct_products

    from {{ ref('int_sales_lines_converted') }}
    where
        order_date > {{ months_before_as_of(window_months) }}
        and order_date <= {{ as_of_date() }}
    group by customer_id

),

window_service_costs as (

    select
        customer_id,
        sum(amount) as service_cost

    from service_costs
    where
        cost_date > {{ months_before_as_of(window_months) }}
        and cost_date <= {{ as_of_date() }}
    group by customer_id

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
        on scored_customers.customer_id = order_stability.customer_id
    left join previous_window_revenue
        on scored_customers.customer_id = previous_window_revenue.customer_id
    left join products_bought
        on scored_customers.customer_id = products_bought.customer_id
    left join window_service_costs
        on scored_customers.customer_id = window_service_costs.customer_id

)

select * from final
