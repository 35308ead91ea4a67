

with

customer_revenue as (

    select * from intermediate.int_customer_revenue_in_window

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
        'af1a532ba13a' as config_version

    from revenue_shares

)

select * from final