{#-
    One row per as-of date and Key Account Manager: the accounts they own, how many are key,
    and their net revenue and its share. Customers without a KAM form the row whose
    account_manager is null, so unowned key accounts are counted, not hidden. Published for BI.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}
{%- set key_tier = key_tier_name() -%}

-- The run's as-of dates, whose rows the pre-hook replaces (macros/replace_by_key_config.sql).
-- depends_on: {{ ref('stg_raw__as_of_dates') }}
with

weighted_scores as (

    select
        scores.*,
        tiers.tier

    from {{ ref('int_customer_scores_weighted') }} as scores
    inner join {{ ref('int_customer_tiers_assigned') }} as tiers
        on
            scores.as_of_date = tiers.as_of_date
            and scores.customer_id = tiers.customer_id

),

portfolios as (

    select
        as_of_date,
        account_manager,
        cast(sum(case when not is_prospect then 1 else 0 end) as bigint) as accounts,  -- noqa: RF04
        cast(sum(case when tier = '{{ key_tier }}' then 1 else 0 end) as bigint) as key_accounts,
        cast(sum(case when is_prospect then 1 else 0 end) as bigint) as prospects,
        cast(sum(case when tier = 'key_prospect' then 1 else 0 end) as bigint) as key_prospects,
        -- The exact decimal: a sum of doubles could differ in the last bit from run to run.
        sum(net_revenue) as net_revenue

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
        cast(net_revenue as double) as net_revenue,
        case
            when sum(net_revenue) over (partition by as_of_date) > 0
                then
                    cast(net_revenue as double)
                    / cast(sum(net_revenue) over (partition by as_of_date) as double)
        end as revenue_share,
        '{{ pipeline_var("config_version") }}' as config_version

    from portfolios

)

select * from final
