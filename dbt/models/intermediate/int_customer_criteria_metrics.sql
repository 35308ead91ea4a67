{#-
    The raw metric of each scoring criterion for every scored customer on every as-of date of
    the run (docs/method.md "Scoring"): customers in the master with sales lines in the
    window or an estimated potential above 0. A missing metric stays null (it has no score
    downstream). product_need and reputation take a KAM's judgement in force
    (int_customer_assessments_in_force) over their data proxy, `_basis` saying which; every
    configured assessment factor's rating in force is a `<factor>_rating` column.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}
{%- set factors = pipeline_var('assessment_factors') or [] -%}

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

assessments_in_force as (

    select * from {{ ref('int_customer_assessments_in_force') }}

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

order_stability as (

    select * from {{ ref('int_customer_order_stability') }}

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

-- One column per configured assessment factor: the rating in force, null without one.
assessment_ratings as (

    select
        as_of_date,
        customer_id,
        {% for factor in factors -%}
            max(case when factor = '{{ factor }}' then rating end) as {{ factor }}_rating,
        {% endfor -%}
        count(*) as assessments_in_force

    from assessments_in_force
    group by as_of_date, customer_id

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

measured as (

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
        cast(coalesce(products_bought.distinct_products, 0) as double)
            as product_need_data_metric,
        case
            when scored_customers.is_industry_leader then 10
            else cast(scored_customers.reputation_score as double)
        end as reputation_data_metric,
        {% for factor in factors -%}
            assessment_ratings.{{ factor }}_rating,
        {% endfor -%}
        coalesce(assessment_ratings.assessments_in_force, 0) as assessments_in_force,
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
    left join assessment_ratings
        on
            scored_customers.as_of_date = assessment_ratings.as_of_date
            and scored_customers.customer_id = assessment_ratings.customer_id

),

-- A KAM's judgement in force wins over the data proxy (a criterion that is also an assessment
-- factor: product_need, reputation); the basis says which was used.
final as (

    select
        {% for name in ['product_need', 'reputation'] -%}
            {%- set rating = name ~ '_rating' if name in factors else 'null' -%}
            coalesce({{ rating }}, {{ name }}_data_metric) as {{ name }}_metric,
            case
                when {{ rating }} is not null then 'assessment'
                when {{ name }}_data_metric is not null then 'data'
            end as {{ name }}_basis,
        {% endfor -%}
        measured.*

    from measured

)

select * from final
