-- Catches the tier rule going wrong: on each as-of date of the run every tier must be a
-- configured one (or a prospect tier), and no tier may hold more accounts than its max_accounts
-- (key_prospect: max_key_prospects) unless overrides and major customers alone fill it, in which
-- case nobody may be in it by score (assert_capped_tiers_not_overfilled_by_rules warns then).
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
{%- set tiers = pipeline_var('tiers') or [] %}

with

tier_counts as (

    select
        customer_scores.as_of_date,
        customer_scores.tier,
        count(*) as account_count,
        sum(
            case when customer_scores.tier_source in ('score', 'incumbent_margin') then 1 else 0 end
        ) as by_score_count

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
        {{ pipeline_var('max_key_prospects') }} as max_accounts
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
    or (tier_counts.account_count > configured.max_accounts and tier_counts.by_score_count > 0)
