-- Catches the tier rule going wrong: on each as-of date of the run every tier must be a
-- configured one (or a prospect tier), and no tier may hold more accounts than its max_accounts.
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
{%- set tiers = pipeline_var('tiers') or [] %}

with

tier_counts as (

    select
        customer_scores.as_of_date,
        customer_scores.tier,
        count(*) as account_count

    from {{ ref('customer_scores') }} as customer_scores
    where {{ is_run_as_of_date('customer_scores.as_of_date') }}
    group by customer_scores.as_of_date, customer_scores.tier

),

configured as (

    {% for tier in tiers -%}
        select
            '{{ tier.name }}' as tier,
            {{ tier.max_accounts or 'null' }} as max_accounts
        union all
    {% endfor -%}
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
