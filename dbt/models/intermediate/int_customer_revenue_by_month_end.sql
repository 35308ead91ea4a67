{#-
    Net revenue of each customer in the trailing window at every month end of the history, up
    to the last month end on or before the latest order date: the window_months calendar months
    ending with that month. It does not depend on the run's as-of dates, so backfills in any
    order leave the same trend. Rows run from a customer's first month until its last revenue
    has left the window, so a customer whose orders stopped still counts for the months its
    revenue stays in the window. Customers are those of the master, as in every published table.

    A run recomputes only the month ends from the first that changed
    (macros/recomputed_trend_config.sql), and keeps the others: each row keeps its month's own
    revenue (month_revenue) to tell, and the run that built it (built_by_invocation), for
    revenue_concentration_monthly.
-#}
{{ config(
    on_schema_change='ignore',
    **recomputed_trend_config('{{ first_changed_month_end() }}'),
) }}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

revenue_by_month as (

    select * from {{ ref('int_customer_revenue_by_month') }}

),

sales_by_day as (

    select * from {{ ref('int_customer_sales_by_day') }}

),

recompute_from as (

    select
        {% if is_incremental() -%}
            {{ first_changed_month_end() }}
        {%- else -%}
            cast('1900-01-31' as date)
        {%- endif %} as first_month_end_date

),

last_order as (

    select coalesce(max(order_date), current_date) as last_order_date

    from sales_by_day

),

-- date_spine stops before its end: end the day after the last order, so a month ending on
-- that day is in.
month_spine as (

    {{ dbt.date_spine(
        'month',
        "coalesce((select min(month_start_date) from " ~ ref('int_customer_revenue_by_month')
        ~ "), " ~ dbt.date_trunc('month', 'current_date') ~ ")",
        dbt.dateadd(
            'day',
            1,
            "coalesce((select max(order_date) from " ~ ref('int_customer_sales_by_day')
            ~ "), current_date)"
        )
    ) }}

),

month_ends as (

    select
        cast(month_spine.date_month as date) as month_start_date,
        cast({{ dbt.last_day('month_spine.date_month', 'month') }} as date) as month_end_date

    from month_spine
    cross join last_order
    where {{ dbt.last_day('month_spine.date_month', 'month') }} <= last_order.last_order_date

),

customer_spans as (

    select
        customer_id,
        min(month_start_date) as first_month_date,
        max(month_start_date) as last_month_date

    from revenue_by_month
    group by customer_id

),

-- The month ends to recompute, and the window_months - 1 months before the first of them that
-- its window reaches back to.
customer_months as (

    select
        customer_spans.customer_id,
        month_ends.month_start_date,
        month_ends.month_end_date

    from customer_spans
    inner join month_ends
        on
            month_ends.month_start_date >= customer_spans.first_month_date
            and month_ends.month_start_date
            < {{ dbt.dateadd('month', window_months, 'customer_spans.last_month_date') }}
    cross join recompute_from
    where
        month_ends.month_end_date
        >= {{ dbt.dateadd('month', 1 - window_months, 'recompute_from.first_month_end_date') }}

),

trailing_revenue as (

    select
        customer_months.month_end_date,
        customer_months.customer_id,
        coalesce(revenue_by_month.net_revenue, 0) as month_revenue,
        sum(coalesce(revenue_by_month.net_revenue, 0)) over (
            partition by customer_months.customer_id
            order by customer_months.month_start_date
            rows between {{ window_months - 1 }} preceding and current row
        ) as net_revenue

    from customer_months
    left join revenue_by_month
        on
            customer_months.customer_id = revenue_by_month.customer_id
            and customer_months.month_start_date = revenue_by_month.month_start_date

),

final as (

    select
        trailing_revenue.month_end_date,
        trailing_revenue.customer_id,
        trailing_revenue.net_revenue,
        cast(
            {{ dbt.date_trunc('month', 'trailing_revenue.month_end_date') }} as date
        ) as month_start_date,
        trailing_revenue.month_revenue,
        {{ window_months }} as window_months,
        '{{ invocation_id }}' as built_by_invocation

    from trailing_revenue
    cross join recompute_from
    where trailing_revenue.month_end_date >= recompute_from.first_month_end_date

)

select * from final
