{#-
    Each customer's recent order activity on the as-of date, the numbers behind the at-risk
    signal of kam_actions: net revenue in the last `actions.recent_days` days and in the same
    days a year earlier, and how long it has been since its last order compared with its usual
    interval between orders in the window. An order day is a day with at least one line of
    positive quantity (a day of returns only is not an order).
-#}
{%- set recent_days = (pipeline_var('actions') or {}).get('recent_days', 90) -%}
{%- set window_start = months_before_as_of(pipeline_var('window_months')) -%}
{%- set recent_start -%}
    cast({{ dbt.dateadd('day', -recent_days, as_of_date()) }} as date)
{%- endset -%}
{%- set year_earlier = months_before_as_of(12) -%}
{%- set year_earlier_start -%}
    cast({{ dbt.dateadd('day', -recent_days, year_earlier) }} as date)
{%- endset -%}

with

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

-- The lines of the three periods: the window (as_of - window_months, as_of], the recent days
-- (as_of - recent_days, as_of] and the same days a year earlier.
lines_in_reach as (

    select
        customer_id,
        order_date,
        net_amount,
        order_date > {{ window_start }} and quantity > 0 as is_order_day_in_window,
        order_date > {{ recent_start }} as is_recent,
        (
            order_date > {{ year_earlier_start }}
            and order_date <= {{ year_earlier }}
        ) as is_year_earlier

    from sales_lines
    where
        (order_date > {{ window_start }} and order_date <= {{ as_of_date() }})
        or (order_date > {{ recent_start }} and order_date <= {{ as_of_date() }})
        or (order_date > {{ year_earlier_start }} and order_date <= {{ year_earlier }})

),

activity as (

    select
        customer_id,
        {{ as_of_date() }} as as_of_date,
        coalesce(sum(case when is_recent then net_amount end), 0) as recent_revenue,
        coalesce(sum(case when is_year_earlier then net_amount end), 0) as prior_year_revenue,
        count(distinct case when is_order_day_in_window then order_date end) as order_day_count,
        min(case when is_order_day_in_window then order_date end) as first_order_date,
        max(case when is_order_day_in_window then order_date end) as last_order_date

    from lines_in_reach
    group by customer_id

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
