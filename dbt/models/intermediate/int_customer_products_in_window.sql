{#-
    The products each customer of the master bought in the window of every as-of date of the
    run (a line of positive quantity), with its net revenue from them in the window, returns
    included: what the cross-sell signal compares an account with its peers on.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

customers as (

    select * from {{ ref('stg_raw__customers') }}

),

run_reach as (

    select
        {{ months_before('min(as_of_date)', window_months) }} as reach_start_date,
        max(as_of_date) as reach_end_date

    from as_of_dates

),

-- A customer's days of each product, from the lines of all the run's windows.
product_days as (

    select
        sales_lines.customer_id,
        sales_lines.product_id,
        sales_lines.order_date,
        sum(sales_lines.net_amount) as net_amount,
        max(case when sales_lines.quantity > 0 then 1 else 0 end) as is_purchase_day

    from sales_lines
    inner join run_reach
        on
            sales_lines.order_date > run_reach.reach_start_date
            and sales_lines.order_date <= run_reach.reach_end_date
    where sales_lines.customer_id in (select customers.customer_id from customers)
    group by sales_lines.customer_id, sales_lines.product_id, sales_lines.order_date

),

final as (

    select
        as_of_dates.as_of_date,
        product_days.customer_id,
        product_days.product_id,
        cast(sum(product_days.net_amount) as double) as window_net_amount

    from product_days
    inner join as_of_dates
        on {{ in_window('product_days.order_date', 'as_of_dates.as_of_date', window_months) }}
    group by as_of_dates.as_of_date, product_days.customer_id, product_days.product_id
    having max(product_days.is_purchase_day) = 1

)

select * from final
