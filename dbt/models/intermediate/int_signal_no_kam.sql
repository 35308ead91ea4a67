{#-
    The no_kam signal on every as-of date of the run (docs/method.md "Signals"): a
    first-tier account or a key prospect without a Key Account Manager in the customer master.
-#}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

tiers as (

    select * from {{ ref('int_customer_tiers_assigned') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

final as (

    select
        weighted_scores.as_of_date,
        weighted_scores.customer_id,
        case
            when tiers.tier = 'key_prospect'
                then 'Key prospect without a Key Account Manager: assign one to approach it'
            else 'Key account without a Key Account Manager: assign one'
        end as reason

    from weighted_scores
    inner join tiers
        on
            weighted_scores.as_of_date = tiers.as_of_date
            and weighted_scores.customer_id = tiers.customer_id
    where
        tiers.tier in ('{{ key_tier_name() }}', 'key_prospect')
        and (weighted_scores.account_manager is null or trim(weighted_scores.account_manager) = '')

)

select * from final
