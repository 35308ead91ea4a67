-- Warns (never stops a run) about sales lines of an as-of date's window whose customer the
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

),

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

)

select
    as_of_dates.as_of_date,
    sales_lines.customer_id,
    count(*) as line_count,
    sum(sales_lines.net_amount) as net_revenue

from sales_lines
inner join as_of_dates
    on {{ in_window(
        'sales_lines.order_date', 'as_of_dates.as_of_date', pipeline_var('window_months')
    ) }}
where sales_lines.customer_id not in (select customers.customer_id from customers)
group by as_of_dates.as_of_date, sales_lines.customer_id
