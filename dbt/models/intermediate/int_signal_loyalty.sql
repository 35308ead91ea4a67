{#-
    The loyalty signal on every as-of date of the run (docs/method.md "Signals"): a
    first-tier account that was in the first tier on every scored date of the last
    `actions.loyalty_min_months` months but at most `actions.loyalty_allowed_gaps`. The months
    must be covered: they run from the latest scored date on or before the as-of date minus
    those months, so a history shorter than them raises no loyalty.
-#}
{%- set actions = pipeline_var('actions') or {} -%}
{%- set loyalty_months = actions.get('loyalty_min_months') or 12 -%}
{%- set allowed_gaps = actions.get('loyalty_allowed_gaps') -%}
{%- set key_tier = key_tier_name() -%}

with

tiers as (

    select * from {{ ref('int_customer_tiers_assigned') }}

),

scored_dates as (

    select distinct as_of_date
    from tiers

),

first_tier_accounts as (

    select
        as_of_date,
        customer_id

    from tiers
    where {{ is_run_as_of_date('as_of_date') }} and tier = '{{ key_tier }}'

),

-- The first scored date of the months looked at, for each of the run's dates.
loyalty_starts as (

    select
        run_dates.as_of_date,
        max(scored_dates.as_of_date) as loyalty_since_date

    from (select distinct first_tier_accounts.as_of_date from first_tier_accounts) as run_dates
    inner join scored_dates
        on {{ months_before('run_dates.as_of_date', loyalty_months) }} >= scored_dates.as_of_date
    group by run_dates.as_of_date

),

tenure as (

    select
        first_tier_accounts.as_of_date,
        first_tier_accounts.customer_id,
        loyalty_starts.loyalty_since_date,
        cast(count(*) as bigint) as loyalty_scored_dates,
        cast(count(past_tiers.customer_id) as bigint) as loyalty_first_tier_dates

    from first_tier_accounts
    inner join loyalty_starts
        on first_tier_accounts.as_of_date = loyalty_starts.as_of_date
    inner join scored_dates
        on
            first_tier_accounts.as_of_date >= scored_dates.as_of_date
            and loyalty_starts.loyalty_since_date <= scored_dates.as_of_date
    left join tiers as past_tiers
        on
            scored_dates.as_of_date = past_tiers.as_of_date
            and first_tier_accounts.customer_id = past_tiers.customer_id
            and past_tiers.tier = '{{ key_tier }}'
    group by
        first_tier_accounts.as_of_date,
        first_tier_accounts.customer_id,
        loyalty_starts.loyalty_since_date

),

final as (

    select
        as_of_date,
        customer_id,
        loyalty_since_date,
        loyalty_scored_dates,
        loyalty_first_tier_dates,
        printf(
            'In the first tier on %d of the %d scored dates since %s (at most {{ allowed_gaps }}'
            || ' missed in {{ loyalty_months }} months): eligible for the loyalty programme',
            loyalty_first_tier_dates,
            loyalty_scored_dates,
            cast(loyalty_since_date as string)
        ) as reason

    from tenure
    where loyalty_scored_dates - loyalty_first_tier_dates <= {{ allowed_gaps }}

)

select * from final
