{#-
    Each customer's net revenue per calendar month, from the days of sales (customers of the
    master, the scope of every published table): what the month-end trend adds up.
-#}

with

sales_by_day as (

    select * from {{ ref('int_customer_sales_by_day') }}

),

final as (

    select
        customer_id,
        cast({{ dbt.date_trunc('month', 'order_date') }} as date) as month_start_date,
        sum(net_amount) as net_revenue

    from sales_by_day
    group by customer_id, cast({{ dbt.date_trunc('month', 'order_date') }} as date)

)

select * from final
