{#-
    Net revenue of each customer in the trailing window at every month end of the history, up
    to the last month end on or before the latest order date: the window_months calendar months
    ending with that month. It does not depend on the run's as-of date, so backfills in any
    order leave the same trend. Rows run from
    a customer's first month until its last revenue has left the window, so a customer whose
    orders stopped still counts for the months its revenue stays in the window. Customers are
    those of the master, as in every published table (int_customer_revenue_in_window).
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}
{#- The months of the first and the last sale; today's while there are none, so the spine has ends. -#}
{%- set first_month -%}
    coalesce(
        (select min({{ dbt.date_trunc('month', 'order_date') }}) from {{ ref('stg_raw__sales_lines') }}),
        {{ dbt.date_trunc('month', 'current_date') }}
    )
{%- endset -%}
{%- set last_order_date -%}
    coalesce((select max(order_date) from {{ ref('stg_raw__sales_lines') }}), current_date)
{%- endset -%}

with

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

-- date_spine stops before the end date's month: end the day after the last order, so a
-- month ending on that day is in.
month_spine as (

    {{ dbt.date_spine('month', first_month, dbt.dateadd('day', 1, last_order_date)) }}

),

month_ends as (

    select
        cast(date_month as date) as month_start_date,
        cast({{ dbt.last_day('date_month', 'month') }} as date) as month_end_date

    from month_spine
    where {{ dbt.last_day('date_month', 'month') }} <= {{ last_order_date }}

),

monthly_revenue as (

    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'order_date') }} as date) as month_start_date,
        sum(net_amount) as net_revenue

    from sales_lines
    where customer_id in (select customer_id from {{ ref('stg_raw__customers') }})
    group by customer_id, cast({{ dbt.date_trunc('month', 'order_date') }} as date)

),

customer_spans as (

    select
        customer_id,
        min(month_start_date) as first_month_date,
        max(month_start_date) as last_month_date

    from monthly_revenue
    group by customer_id

),

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

),

trailing_revenue as (

    select
        customer_months.month_end_date,
        customer_months.customer_id,
        sum(coalesce(monthly_revenue.net_revenue, 0)) over (
            partition by customer_months.customer_id
            order by customer_months.month_start_date
            rows between {{ window_months - 1 }} preceding and current row
        ) as net_revenue

    from customer_months
    left join monthly_revenue
        on
            customer_months.customer_id = monthly_revenue.customer_id
            and customer_months.month_start_date = monthly_revenue.month_start_date

)

select * from trailing_revenue
