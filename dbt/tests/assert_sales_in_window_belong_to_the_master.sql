-- Warns (never stops a run) about sales lines of the as-of date's window whose customer the
-- customer master does not list: validation.unknown_customer or validation.dropped_customer
-- set to `warn` let them in, and they are out of every published table until a snapshot
-- lists the customer again (int_customer_revenue_in_window).
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'int_sales_lines_converted'}}}) }}

with

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

customers as (

    select * from {{ ref('stg_raw__customers') }}

)

select
    sales_lines.customer_id,
    count(*) as line_count,
    sum(sales_lines.net_amount) as net_revenue

from sales_lines
where
    sales_lines.order_date > {{ months_before_as_of(pipeline_var('window_months')) }}
    and sales_lines.order_date <= {{ as_of_date() }}
    and sales_lines.customer_id not in (select customers.customer_id from customers)
group by sales_lines.customer_id
