
  
    
        create table marts.revenue_concentration_monthly
      
      
      
      
      
      
      
      
      

      as
      
    select month_end_date, total_net_revenue, customer_count, hhi, effective_customers, top1_share, top5_share, top10_share, top20pct_share, gini, mono_client_id, major_customer_count, is_window_complete, config_version
    from (
        with

customer_revenue as (

    select * from intermediate.int_customer_revenue_by_month_end

),

revenue_shares as (

    with

    ranked as (

        select
            month_end_date,
            customer_id,
            net_revenue,
            greatest(net_revenue, 0) as positive_revenue,
            sum(greatest(net_revenue, 0)) over (partition by month_end_date) as total_positive_revenue,
            -- bigint on every engine (Spark's row_number is an int).
            cast(row_number() over (
                partition by month_end_date order by net_revenue desc, customer_id asc
            ) as bigint) as revenue_rank

        from customer_revenue

    ),

    accumulated as (

        select
            *,
            coalesce(
                sum(positive_revenue) over (
                    partition by month_end_date
                    order by revenue_rank
                    rows between unbounded preceding and 1 preceding
                ),
                0
            ) as revenue_before

        from ranked

    )

    select
        month_end_date,
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

figures as (

    with

    paying_customers as (

        select
            *,
            count(*) over (partition by month_end_date) as customer_count

        from revenue_shares
        where net_revenue > 0

    )

    select
        month_end_date,
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
    group by month_end_date

),

history as (

    select
        to_timestamp(
            to_unix_timestamp(
                add_months(
                    

    coalesce(date(min(month_end_date)), nvl2(date(min(month_end_date)), assert_true(date(min(month_end_date)) is not null), null))

,
                    cast(11 * 1 as int)
                )
            ) + 
        to_unix_timestamp(

    coalesce(to_timestamp(min(month_end_date)), nvl2(to_timestamp(min(month_end_date)), assert_true(to_timestamp(min(month_end_date)) is not null), null))

)
        - to_unix_timestamp(

    coalesce(date(min(month_end_date)), nvl2(date(min(month_end_date)), assert_true(date(min(month_end_date)) is not null), null))

)
        ) as full_from_date

    from figures

),

final as (

    select
        figures.*,
        -- False while the history is shorter than the window: early months look concentrated
        -- because they hold fewer months of revenue, not because customers are fewer.
        figures.month_end_date >= history.full_from_date as is_window_complete,
        'af1a532ba13a' as config_version

    from figures
    cross join history

)

select * from final
    ) as model_subq
  