with

sales_lines as (

    select * from intermediate.int_sales_lines_converted

),

customers as (

    select * from staging.stg_raw__customers

),

lines_in_window as (

    select *
    from sales_lines
    where
        order_date > cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-12 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date)
        and order_date <= cast('2026-11-27' as date)

),

revenue_by_customer as (

    select
        customer_id,
        sum(net_amount) as net_revenue,
        count(distinct order_id) as order_count,
        count(*) as line_count

    from lines_in_window
    group by customer_id

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
        cast('2026-11-27' as date) as as_of_date,
        customers_in_scope.customer_id,
        coalesce(revenue_by_customer.net_revenue, 0) as net_revenue,
        coalesce(revenue_by_customer.order_count, 0) as order_count,
        coalesce(revenue_by_customer.line_count, 0) as line_count,
        revenue_by_customer.customer_id is not null as has_sales_in_window,
        customers.customer_id is not null as is_in_customer_master

    from customers_in_scope
    left join revenue_by_customer
        on customers_in_scope.customer_id = revenue_by_customer.customer_id
    left join customers
        on customers_in_scope.customer_id = customers.customer_id

)

select * from final