
    -- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    `customer_id`,`revenue_share`,`cumulative_share`,`revenue_rank`,`abc_class`,`is_mono_client`,`is_major_customer`, 'actual' as `actual_or_expected`
  from (
    

with

 __dbt__cte__int_customer_revenue_in_window as (

-- Fixture for int_customer_revenue_in_window
select cast('2026-06-30' as date)
 as `as_of_date`, cast('big' as string)
 as `customer_id`, cast(62.5 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('mid' as string)
 as `customer_id`, cast(25 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('ten' as string)
 as `customer_id`, cast(10 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
union all
select cast('2026-06-30' as date)
 as `as_of_date`, cast('small' as string)
 as `customer_id`, cast(2.5 as decimal(38,6))
 as `net_revenue`, cast(null as bigint) as `order_count`, cast(null as bigint) as `line_count`, cast(null as boolean) as `has_sales_in_window`, cast(null as boolean) as `is_in_customer_master`
), customer_revenue as (

    select * from __dbt__cte__int_customer_revenue_in_window

),

revenue_shares as (

    with

    ranked as (

        select
            as_of_date,
            customer_id,
            net_revenue,
            greatest(net_revenue, 0) as positive_revenue,
            sum(greatest(net_revenue, 0)) over (partition by as_of_date) as total_positive_revenue,
            -- bigint on every engine (Spark's row_number is an int).
            cast(row_number() over (
                partition by as_of_date order by net_revenue desc, customer_id asc
            ) as bigint) as revenue_rank

        from customer_revenue

    ),

    accumulated as (

        select
            *,
            coalesce(
                sum(positive_revenue) over (
                    partition by as_of_date
                    order by revenue_rank
                    rows between unbounded preceding and 1 preceding
                ),
                0
            ) as revenue_before

        from ranked

    )

    select
        as_of_date,
        customer_id,
        net_revenue,
        case
            when total_positive_revenue > 0
                then cast(positive_revenue as double) / cast(total_positive_revenue as double)
            else 0
        end as revenue_share,
        case
            when total_positive_revenue > 0
                then cast(revenue_before + positive_revenue as double) / cast(total_positive_revenue as double)
            else 0
        end as cumulative_share,
        revenue_rank,
        case
            when net_revenue <= 0 then 'C'
            when revenue_before < 0.8 * total_positive_revenue then 'A'
            when revenue_before < 0.95 * total_positive_revenue then 'B'
            else 'C'
        end as abc_class,
        net_revenue > 0
        and net_revenue > 0.5 * total_positive_revenue as is_mono_client,
        net_revenue > 0
        and net_revenue >= 0.1 * total_positive_revenue as is_major_customer

    from accumulated

),

final as (

    select
        *,
        'test' as config_version

    from revenue_shares

)

select * from final
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    `customer_id`, `revenue_share`, `cumulative_share`, `revenue_rank`, `abc_class`, `is_mono_client`, `is_major_customer`, 'expected' as `actual_or_expected`
  from (
    select cast('big' as string)
 as `customer_id`, cast(0.625 as double)
 as `revenue_share`, cast(0.625 as double)
 as `cumulative_share`, cast(1 as bigint)
 as `revenue_rank`, cast('A' as string)
 as `abc_class`, cast(True as boolean)
 as `is_mono_client`, cast(True as boolean)
 as `is_major_customer`
union all
select cast('mid' as string)
 as `customer_id`, cast(0.25 as double)
 as `revenue_share`, cast(0.875 as double)
 as `cumulative_share`, cast(2 as bigint)
 as `revenue_rank`, cast('A' as string)
 as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(True as boolean)
 as `is_major_customer`
union all
select cast('ten' as string)
 as `customer_id`, cast(0.1 as double)
 as `revenue_share`, cast(0.975 as double)
 as `cumulative_share`, cast(3 as bigint)
 as `revenue_rank`, cast('B' as string)
 as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(True as boolean)
 as `is_major_customer`
union all
select cast('small' as string)
 as `customer_id`, cast(0.025 as double)
 as `revenue_share`, cast(1 as double)
 as `cumulative_share`, cast(4 as bigint)
 as `revenue_rank`, cast('C' as string)
 as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(False as boolean)
 as `is_major_customer`
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected