{#-
    Net revenue of each customer in the trailing window (as_of - window_months, as_of] on
    every as-of date of the run, for the customers each date covers: those of the master with
    sales lines in the window, and prospects in the master with an estimated potential. Every
    published table takes its customers from here, so they all agree on who is in scope. Lines
    of ids missing from the master (let through by validation.unknown_customer or
    validation.dropped_customer: warn) are out of every table; the test
    assert_sales_in_window_belong_to_the_master warns about them.
-#}
{%- set window_months = pipeline_var('window_months') or 0 -%}

with

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

sales_by_period as (

    select * from {{ ref('int_customer_sales_by_period') }}

),

customers as (

    select * from {{ ref('stg_raw__customers') }}

),

revenue_by_customer as (

    select
        as_of_date,
        customer_id,
        sum(net_revenue) as net_revenue

    from sales_by_period
    where period_index < {{ window_months }}
    group by as_of_date, customer_id

),

prospects as (

    select
        as_of_dates.as_of_date,
        customers.customer_id

    from customers
    cross join as_of_dates
    where customers.estimated_annual_potential > 0

),

customers_in_scope as (

    select
        as_of_date,
        customer_id
    from revenue_by_customer
    union
    select
        as_of_date,
        customer_id
    from prospects

),

final as (

    select
        customers_in_scope.as_of_date,
        customers_in_scope.customer_id,
        coalesce(revenue_by_customer.net_revenue, 0) as net_revenue,
        revenue_by_customer.customer_id is not null as has_sales_in_window

    from customers_in_scope
    left join revenue_by_customer
        on
            customers_in_scope.as_of_date = revenue_by_customer.as_of_date
            and customers_in_scope.customer_id = revenue_by_customer.customer_id

)

select * from final
