{#-
    The accounts the KAM signals watch on each scored as-of date (docs/method.md "Signals"): the first tier's accounts and every customer holding at least
    `actions.watch_min_share` of the window's revenue, whatever its tier. Keeps every scored
    date, so the signal backtest compares the accounts a signal fired on with the watched
    accounts it did not fire on.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}
{%- set watch_min_share = (pipeline_var('actions') or {}).get('watch_min_share') -%}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

tiers as (

    select * from {{ ref('int_customer_tiers_assigned') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

revenue_shares as (

    select * from {{ ref('int_customer_revenue_shares') }}

),

accounts as (

    select
        weighted_scores.as_of_date,
        weighted_scores.customer_id,
        weighted_scores.customer_name,
        weighted_scores.industry,
        weighted_scores.account_manager,
        tiers.tier,
        tiers.tier = '{{ key_tier_name() }}' as is_first_tier,
        cast(coalesce(revenue_shares.net_revenue, 0) as double) as net_revenue,
        coalesce(revenue_shares.revenue_share, 0) as revenue_share

    from weighted_scores
    inner join tiers
        on
            weighted_scores.as_of_date = tiers.as_of_date
            and weighted_scores.customer_id = tiers.customer_id
    left join revenue_shares
        on
            weighted_scores.as_of_date = revenue_shares.as_of_date
            and weighted_scores.customer_id = revenue_shares.customer_id
    where not weighted_scores.is_prospect

),

final as (

    select *
    from accounts
    where is_first_tier or revenue_share >= {{ watch_min_share }}

)

select * from final
