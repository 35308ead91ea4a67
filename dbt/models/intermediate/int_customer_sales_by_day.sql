{#-
    Each customer's net revenue per day, and whether it was an order day (a line of positive
    quantity: a day of returns only is not), for the customers of the master: the scope of
    every published table (int_customer_revenue_in_window). The per-date models read this
    instead of the lines: a customer's few days rather than every line.
-#}

with

sales_lines as (

    select * from {{ ref('int_sales_lines_converted') }}

),

customers as (

    select * from {{ ref('stg_raw__customers') }}

),

final as (

    select
        sales_lines.customer_id,
        sales_lines.order_date,
        sum(sales_lines.net_amount) as net_amount,
        max(case when sales_lines.quantity > 0 then 1 else 0 end) = 1 as is_order_day

    from sales_lines
    where sales_lines.customer_id in (select customers.customer_id from customers)
    group by sales_lines.customer_id, sales_lines.order_date

)

select * from final
