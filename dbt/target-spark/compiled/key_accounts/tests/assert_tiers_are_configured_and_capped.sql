-- Catches the tier rule going wrong: on the as-of date every tier must be a configured one (or
-- a prospect tier), and no tier may hold more accounts than its max_accounts.

with

tier_counts as (

    select
        tier,
        count(*) as account_count

    from marts.customer_scores
    where as_of_date = cast('2026-11-27' as date)
    group by tier

),

configured as (

    select
            'key' as tier,
            30 as max_accounts
        union all
    select
            'development' as tier,
            null as max_accounts
        union all
    select
            'ordinary' as tier,
            null as max_accounts
        union all
    select
        'key_prospect' as tier,
        null as max_accounts
    union all
    select
        'prospect' as tier,
        null as max_accounts

)

select tier_counts.*
from tier_counts
left join configured
    on tier_counts.tier = configured.tier
where
    configured.tier is null
    or tier_counts.account_count > configured.max_accounts