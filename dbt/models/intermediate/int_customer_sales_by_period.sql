{#-
    Each customer's sales on every as-of date of the run, per one-month period back from the
    as-of date (period k covers (as_of - (k + 1) months, as_of - k months]), as far back as
    the criteria and signals look: the window and the one before it (revenue growth), and the
    same recent days a year earlier (the at-risk signal). One pass over the days of sales
    for all the run's dates; the models after it add periods up.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}
{%- set recent_days = (pipeline_var('actions') or {}).get('recent_days') or 0 -%}
{#- Months back to the start of the recent days a year earlier, rounded up, or two windows. -#}
{%- set reach_months = [2 * window_months, 12 + (recent_days // 28) + 2] | max -%}

with

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

sales_by_day as (

    select * from {{ ref('int_customer_sales_by_day') }}

),

days_in_reach as (

    select
        as_of_dates.as_of_date,
        sales_by_day.customer_id,
        sales_by_day.order_date,
        sales_by_day.net_amount,
        sales_by_day.is_order_day,
        {{ period_index('sales_by_day.order_date', 'as_of_dates.as_of_date') }} as period_index,
        sales_by_day.order_date
        > {{ days_before('as_of_dates.as_of_date', recent_days) }} as is_recent,
        sales_by_day.order_date
        > {{ days_before(months_before('as_of_dates.as_of_date', 12), recent_days) }}
        and sales_by_day.order_date
        <= {{ months_before('as_of_dates.as_of_date', 12) }} as is_recent_a_year_earlier

    from sales_by_day
    inner join as_of_dates
        on {{ in_window('sales_by_day.order_date', 'as_of_dates.as_of_date', reach_months) }}

),

final as (

    select
        as_of_date,
        customer_id,
        cast(period_index as integer) as period_index,
        sum(net_amount) as net_revenue,
        sum(case when is_recent then net_amount else 0 end) as recent_revenue,
        sum(case when is_recent_a_year_earlier then net_amount else 0 end)
            as prior_year_recent_revenue,
        cast(sum(case when is_order_day then 1 else 0 end) as bigint) as order_day_count,
        min(case when is_order_day then order_date end) as first_order_date,
        max(case when is_order_day then order_date end) as last_order_date

    from days_in_reach
    group by as_of_date, customer_id, period_index

)

select * from final
