{#-
    Net revenue of each customer in the trailing window (as_of - window_months, as_of], for the
    customers the day covers: those of the master with sales lines in the window, and prospects
    in the master with an estimated potential. Every published table takes its customers from
    here, so they all agree on who is in scope. Lines of ids missing from the master (let
    through by validation.unknown_customer or validation.dropped_customer: warn) are out of
    every table; the test assert_sales_in_window_belong_to_the_master warns about them.
-#}
{%- set window_start = months_before_as_of(pipeline_var('window_months')) -%}

with

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

customers as (

    select * from {{ ref('stg_raw__customers') }}

),

lines_in_window as (

    select *
    from sales_lines
    where
        order_date > {{ window_start }}
        and order_date <= {{ as_of_date() }}

),

revenue_by_customer as (

    select
        lines_in_window.customer_id,
        sum(lines_in_window.net_amount) as net_revenue,
        count(distinct lines_in_window.order_id) as order_count,
        count(*) as line_count

    from lines_in_window
    where lines_in_window.customer_id in (select customers.customer_id from customers)
    group by lines_in_window.customer_id

),

prospects as (

    select customer_id
    from customers
    where estimated_annual_potential > 0

),

customers_in_scope as (

    select customer_id from revenue_by_customer
    union
    select customer_id from prospects

),

final as (

    select
        {{ as_of_date() }} as as_of_date,
        customers_in_scope.customer_id,
        coalesce(revenue_by_customer.net_revenue, 0) as net_revenue,
        coalesce(revenue_by_customer.order_count, 0) as order_count,
        coalesce(revenue_by_customer.line_count, 0) as line_count,
        revenue_by_customer.customer_id is not null as has_sales_in_window

    from customers_in_scope
    left join revenue_by_customer
        on customers_in_scope.customer_id = revenue_by_customer.customer_id

)

select * from final
