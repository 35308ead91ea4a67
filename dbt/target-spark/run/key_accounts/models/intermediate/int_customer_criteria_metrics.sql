
  
    
        create table intermediate.int_customer_criteria_metrics
      
      
      
      
      
      
      
      

      as
      with

customers as (

    select * from staging.stg_raw__customers

),

sales_lines as (

    select * from intermediate.int_sales_lines_converted

),

service_costs as (

    select * from staging.stg_raw__service_costs

),

revenue_in_window as (

    select * from intermediate.int_customer_revenue_in_window

),

scored_customers as (

    select
        revenue_in_window.as_of_date,
        revenue_in_window.customer_id,
        revenue_in_window.net_revenue,
        revenue_in_window.has_sales_in_window,
        customers.customer_name,
        customers.industry,
        customers.account_manager,
        customers.is_industry_leader,
        customers.reputation_score,
        customers.estimated_annual_potential

    from revenue_in_window
    inner join customers
        on revenue_in_window.customer_id = customers.customer_id

),

-- The window as window_months one-month periods ending on the as-of date:
-- period k covers (as_of - (k + 1) months, as_of - k months].
periods as (

    
        select
            0 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-0 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            1 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-2 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-1 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            2 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-3 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-2 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            3 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-4 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-3 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            4 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-5 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-4 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            5 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-6 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-5 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            6 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-7 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-6 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            7 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-8 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-7 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            8 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-9 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-8 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            9 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-10 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-9 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            10 as period_index,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-11 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-10 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        union all
    
        select
            11 as period_index,
            cast(to_timestamp(
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
        ) as date) as period_start_exclusive,
            cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-11 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date) as period_end
        
    

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

period_revenue as (

    select
        lines_in_window.customer_id,
        periods.period_index,
        sum(lines_in_window.net_amount) as net_revenue

    from lines_in_window
    inner join periods
        on
            lines_in_window.order_date > periods.period_start_exclusive
            and lines_in_window.order_date <= periods.period_end
    group by lines_in_window.customer_id, periods.period_index

),

-- Months without orders count as 0, so every customer has window_months periods.
order_stability as (

    select
        scored_customers.customer_id,
        stddev_pop(cast(coalesce(period_revenue.net_revenue, 0) as double))
        / avg(cast(coalesce(period_revenue.net_revenue, 0) as double)) as coefficient_of_variation

    from scored_customers
    cross join periods
    left join period_revenue
        on
            scored_customers.customer_id = period_revenue.customer_id
            and periods.period_index = period_revenue.period_index
    where scored_customers.net_revenue > 0
    group by scored_customers.customer_id

),

-- This and products_bought read the lines model again rather than a CTE above: DuckDB
-- materializes a CTE that a query reads twice, which here would copy the whole history.
previous_window_revenue as (

    select
        customer_id,
        sum(net_amount) as net_revenue

    from intermediate.int_sales_lines_converted
    where
        order_date > cast(to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

,
                    cast(-24 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(cast('2026-11-27' as date)), nvl2(to_timestamp(cast('2026-11-27' as date)), assert_true(to_timestamp(cast('2026-11-27' as date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(cast('2026-11-27' as date)), nvl2(date(cast('2026-11-27' as date)), assert_true(date(cast('2026-11-27' as date)) is not null), null))

)
        ) as date)
        and order_date <= cast(to_timestamp(
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
    group by customer_id

),

products_bought as (

    select
        customer_id,
        count(distinct case when quantity > 0 then product_id end) as distinct_products

    from intermediate.int_sales_lines_converted
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
    group by customer_id

),

window_service_costs as (

    select
        customer_id,
        sum(amount) as service_cost

    from service_costs
    where
        cost_date > cast(to_timestamp(
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
        and cost_date <= cast('2026-11-27' as date)
    group by customer_id

),

final as (

    select
        scored_customers.as_of_date,
        scored_customers.customer_id,
        scored_customers.customer_name,
        scored_customers.industry,
        scored_customers.account_manager,
        not scored_customers.has_sales_in_window as is_prospect,
        cast(scored_customers.net_revenue as double) as current_revenue_metric,
        cast(scored_customers.estimated_annual_potential as double) as potential_revenue_metric,
        case
            when previous_window_revenue.net_revenue > 0
                then
                    cast(scored_customers.net_revenue as double)
                    / cast(previous_window_revenue.net_revenue as double)
                    - 1
        end as revenue_growth_metric,
        order_stability.coefficient_of_variation as order_stability_metric,
        case
            when scored_customers.net_revenue > 0
                then
                    cast(coalesce(window_service_costs.service_cost, 0) as double)
                    / cast(scored_customers.net_revenue as double)
        end as cost_to_serve_metric,
        cast(coalesce(products_bought.distinct_products, 0) as double) as product_need_metric,
        case
            when scored_customers.is_industry_leader then 10
            else cast(scored_customers.reputation_score as double)
        end as reputation_metric,
        -- KAISM's relative strength: how much of its (annual) potential the customer already
        -- buys from us, the window's revenue brought to a year.
        case
            when scored_customers.estimated_annual_potential > 0
                then
                    cast(scored_customers.net_revenue as double) * 12 / 12
                    / cast(scored_customers.estimated_annual_potential as double)
        end as share_of_wallet_metric

    from scored_customers
    left join order_stability
        on scored_customers.customer_id = order_stability.customer_id
    left join previous_window_revenue
        on scored_customers.customer_id = previous_window_revenue.customer_id
    left join products_bought
        on scored_customers.customer_id = products_bought.customer_id
    left join window_service_costs
        on scored_customers.customer_id = window_service_costs.customer_id

)

select * from final
  