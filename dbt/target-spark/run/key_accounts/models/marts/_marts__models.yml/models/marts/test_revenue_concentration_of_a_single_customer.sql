
    -- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    `as_of_date`,`total_net_revenue`,`customer_count`,`hhi`,`effective_customers`,`top1_share`,`top5_share`,`top10_share`,`top20pct_share`,`gini`,`mono_client_id`,`major_customer_count`, 'actual' as `actual_or_expected`
  from (
    

with

 __dbt__cte__customer_revenue_shares as (

-- Fixture for customer_revenue_shares
select cast('only' as string)
 as `customer_id`, cast(70 as decimal(38,6))
 as `net_revenue`, cast(1 as double)
 as `revenue_share`, cast(null as double) as `cumulative_share`, cast(1 as bigint)
 as `revenue_rank`, cast(null as string) as `abc_class`, cast(True as boolean)
 as `is_mono_client`, cast(True as boolean)
 as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-30' as date)
 as `as_of_date`
union all
select cast('refund' as string)
 as `customer_id`, cast(-20 as decimal(38,6))
 as `net_revenue`, cast(0 as double)
 as `revenue_share`, cast(null as double) as `cumulative_share`, cast(2 as bigint)
 as `revenue_rank`, cast(null as string) as `abc_class`, cast(False as boolean)
 as `is_mono_client`, cast(False as boolean)
 as `is_major_customer`, cast(null as string) as `config_version`, cast('2026-06-30' as date)
 as `as_of_date`
), revenue_shares as (

    select * from __dbt__cte__customer_revenue_shares
    where as_of_date = cast('2026-06-30' as date)

),

figures as (

    with

    paying_customers as (

        select
            *,
            count(*) over (partition by as_of_date) as customer_count

        from revenue_shares
        where net_revenue > 0

    )

    select
        as_of_date,
        sum(net_revenue) as total_net_revenue,
        count(*) as customer_count,
        10000 * sum(revenue_share * revenue_share) as hhi,
        1 / sum(revenue_share * revenue_share) as effective_customers,
        sum(case when revenue_rank <= 1 then revenue_share else 0 end) as top1_share,
        sum(case when revenue_rank <= 5 then revenue_share else 0 end) as top5_share,
        sum(case when revenue_rank <= 10 then revenue_share else 0 end) as top10_share,
        sum(case when revenue_rank <= ceiling(0.2 * customer_count) then revenue_share else 0 end)
        as top20pct_share,
        sum((customer_count + 1 - 2 * revenue_rank) * cast(net_revenue as double))
        / (max(customer_count) * sum(cast(net_revenue as double))) as gini,
        -- The largest, when a threshold below one half lets several customers pass it.
        max(case when is_mono_client and revenue_rank = 1 then customer_id end) as mono_client_id,
        count(case when is_major_customer then 1 end) as major_customer_count

    from paying_customers
    group by as_of_date

),

as_of as (

    select cast('2026-06-30' as date) as as_of_date

),

final as (

    select
        as_of.as_of_date,
        coalesce(figures.total_net_revenue, 0) as total_net_revenue,
        coalesce(figures.customer_count, 0) as customer_count,
        figures.hhi,
        figures.effective_customers,
        figures.top1_share,
        figures.top5_share,
        figures.top10_share,
        figures.top20pct_share,
        figures.gini,
        figures.mono_client_id,
        coalesce(figures.major_customer_count, 0) as major_customer_count,
        'test' as config_version

    from as_of
    left join figures
        on as_of.as_of_date = figures.as_of_date

)

select * from final
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    `as_of_date`, `total_net_revenue`, `customer_count`, `hhi`, `effective_customers`, `top1_share`, `top5_share`, `top10_share`, `top20pct_share`, `gini`, `mono_client_id`, `major_customer_count`, 'expected' as `actual_or_expected`
  from (
    select cast('2026-06-30' as date)
 as `as_of_date`, cast(70 as decimal(38,6))
 as `total_net_revenue`, cast(1 as bigint)
 as `customer_count`, cast(10000 as double)
 as `hhi`, cast(1 as double)
 as `effective_customers`, cast(1 as double)
 as `top1_share`, cast(1 as double)
 as `top5_share`, cast(1 as double)
 as `top10_share`, cast(1 as double)
 as `top20pct_share`, cast(0 as double)
 as `gini`, cast('only' as string)
 as `mono_client_id`, cast(1 as bigint)
 as `major_customer_count`
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected