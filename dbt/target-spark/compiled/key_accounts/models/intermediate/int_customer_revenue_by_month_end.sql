with

sales_lines as (

    select * from intermediate.int_sales_lines_converted

),

-- date_spine stops before the end date's month: end the day after the last order, so a
-- month ending on that day is in.
month_spine as (

    


    


    with rawdata as (

        

    

    with p as (
        select 0 as generated_number union all select 1
    ), unioned as (

    select

    
    p0.generated_number * power(2, 0)
     + 
    
    p1.generated_number * power(2, 1)
     + 
    
    p2.generated_number * power(2, 2)
     + 
    
    p3.generated_number * power(2, 3)
     + 
    
    p4.generated_number * power(2, 4)
    
    
    + 1
    as generated_number

    from

    
    p as p0
     cross join 
    
    p as p1
     cross join 
    
    p as p2
     cross join 
    
    p as p3
     cross join 
    
    p as p4
    
    

    )

    select *
    from unioned
    where generated_number <= 24
    order by generated_number



    ),

    all_periods as (

        select (
            to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )), nvl2(date(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )), assert_true(date(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )) is not null), null))

,
                    cast(row_number() over (order by 1) - 1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )), nvl2(to_timestamp(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )), assert_true(to_timestamp(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )), nvl2(date(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )), assert_true(date(coalesce(
        (select min(date_trunc('month', order_date)) from staging.stg_raw__sales_lines),
        date_trunc('month', current_date)
    )) is not null), null))

)
        )
        ) as date_month
        from rawdata

    ),

    filtered as (

        select *
        from all_periods
        where date_month <= to_timestamp(
            to_unix_timestamp(
                date_add(
                    

    coalesce(date(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)), nvl2(date(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)), assert_true(date(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)), nvl2(to_timestamp(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)), assert_true(to_timestamp(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)), nvl2(date(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)), assert_true(date(coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)) is not null), null))

)
        )

    )

    select * from filtered



),

month_ends as (

    select
        cast(date_month as date) as month_start_date,
        cast(cast(
        to_timestamp(
            to_unix_timestamp(
                date_add(
                    

    coalesce(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), nvl2(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), assert_true(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )) is not null), null))

,
                    cast(-1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), nvl2(to_timestamp(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), assert_true(to_timestamp(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), nvl2(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), assert_true(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )) is not null), null))

)
        )
        as date) as date) as month_end_date

    from month_spine
    where cast(
        to_timestamp(
            to_unix_timestamp(
                date_add(
                    

    coalesce(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), nvl2(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), assert_true(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )) is not null), null))

,
                    cast(-1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), nvl2(to_timestamp(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), assert_true(to_timestamp(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), nvl2(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )), assert_true(date(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

,
                    cast(1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(date_trunc('month', date_month)), nvl2(to_timestamp(date_trunc('month', date_month)), assert_true(to_timestamp(date_trunc('month', date_month)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(date_trunc('month', date_month)), nvl2(date(date_trunc('month', date_month)), assert_true(date(date_trunc('month', date_month)) is not null), null))

)
        )) is not null), null))

)
        )
        as date) <= coalesce((select max(order_date) from staging.stg_raw__sales_lines), current_date)

),

monthly_revenue as (

    select
        customer_id,
        cast(date_trunc('month', order_date) as date) as month_start_date,
        sum(net_amount) as net_revenue

    from sales_lines
    group by customer_id, cast(date_trunc('month', order_date) as date)

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
            < to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(customer_spans.last_month_date), nvl2(date(customer_spans.last_month_date), assert_true(date(customer_spans.last_month_date) is not null), null))

,
                    cast(12 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(customer_spans.last_month_date), nvl2(to_timestamp(customer_spans.last_month_date), assert_true(to_timestamp(customer_spans.last_month_date) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(customer_spans.last_month_date), nvl2(date(customer_spans.last_month_date), assert_true(date(customer_spans.last_month_date) is not null), null))

)
        )

),

trailing_revenue as (

    select
        customer_months.month_end_date,
        customer_months.customer_id,
        sum(coalesce(monthly_revenue.net_revenue, 0)) over (
            partition by customer_months.customer_id
            order by customer_months.month_start_date
            rows between 11 preceding and current row
        ) as net_revenue

    from customer_months
    left join monthly_revenue
        on
            customer_months.customer_id = monthly_revenue.customer_id
            and customer_months.month_start_date = monthly_revenue.month_start_date

)

select * from trailing_revenue