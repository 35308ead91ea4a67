{#-
    Each customer's recent order activity on every as-of date of the run, the numbers behind the
    at-risk signal of kam_actions: net revenue in the last `actions.recent_days` days and in the
    same days a year earlier, and how long it has been since its last order compared with its
    usual interval between orders in the window. An order day is a day with at least one line
    of positive quantity (a day of returns only is not an order).
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

sales_by_period as (

    select * from {{ ref('int_customer_sales_by_period') }}

),

activity as (

    select
        as_of_date,
        customer_id,
        sum(recent_revenue) as recent_revenue,
        sum(prior_year_recent_revenue) as prior_year_revenue,
        sum(
            case when period_index < {{ window_months }} then order_day_count else 0 end
        ) as order_day_count,
        min(case when period_index < {{ window_months }} then first_order_date end)
            as first_order_date,
        max(case when period_index < {{ window_months }} then last_order_date end)
            as last_order_date

    from sales_by_period
    group by as_of_date, customer_id

),

order_days as (

    select
        *,
        cast(
            {{ dbt.datediff('last_order_date', 'as_of_date', 'day') }} as bigint  -- noqa: LT05
        ) as days_since_last_order,
        cast(
            {{ dbt.datediff('first_order_date', 'last_order_date', 'day') }} as bigint  -- noqa: LT05
        ) as order_span_days

    from activity

),

final as (

    select
        as_of_date,
        customer_id,
        recent_revenue,
        prior_year_revenue as prior_year_recent_revenue,
        case
            when prior_year_revenue > 0
                then cast(recent_revenue as double) / cast(prior_year_revenue as double) - 1
        end as revenue_change_share,
        cast(order_day_count as bigint) as order_day_count,
        first_order_date,
        last_order_date,
        days_since_last_order,
        order_span_days,
        -- The mean gap between consecutive order days: their span over the gaps between them.
        case
            when order_day_count >= 2 then cast(order_span_days as double) / (order_day_count - 1)
        end as usual_order_interval_days

    from order_days

)

select * from final
