with

weighted_scores as (

    select * from intermediate.int_customer_scores_weighted

),

portfolios as (

    select
        as_of_date,
        account_manager,
        cast(sum(case when not is_prospect then 1 else 0 end) as bigint) as accounts,  -- noqa: RF04
        cast(sum(case when tier = 'key' then 1 else 0 end) as bigint) as key_accounts,
        cast(sum(case when is_prospect then 1 else 0 end) as bigint) as prospects,
        cast(sum(case when tier = 'key_prospect' then 1 else 0 end) as bigint) as key_prospects,
        sum(current_revenue_metric) as net_revenue

    from weighted_scores
    group by as_of_date, account_manager

),

final as (

    select
        as_of_date,
        account_manager,
        account_manager is null as is_unassigned,
        accounts,
        key_accounts,
        prospects,
        key_prospects,
        net_revenue,
        case
            when sum(net_revenue) over (partition by as_of_date) > 0
                then net_revenue / sum(net_revenue) over (partition by as_of_date)
        end as revenue_share,
        'af1a532ba13a' as config_version

    from portfolios

)

select * from final