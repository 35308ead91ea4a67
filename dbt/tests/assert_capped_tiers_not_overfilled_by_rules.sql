-- Warns when overrides and major customers alone hold more accounts than a tier's max_accounts
-- (key_prospect: max_key_prospects): they all stand, nobody enters the tier by score, and a
-- sales director should review the overrides or the cap.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
{%- set tiers = pipeline_var('tiers') or [] %}

with

forced_counts as (

    select
        customer_scores.as_of_date,
        customer_scores.tier,
        count(*) as forced_count

    from {{ ref('customer_scores') }} as customer_scores
    where
        {{ is_run_as_of_date('customer_scores.as_of_date') }}
        and customer_scores.tier_source in ('override', 'major_customer')
    group by customer_scores.as_of_date, customer_scores.tier

),

caps as (

    {% for tier in tiers if tier.max_accounts -%}
        select
            '{{ tier.name }}' as tier,
            {{ tier.max_accounts }} as max_accounts
        union all
    {% endfor -%}
    select
        'key_prospect' as tier,
        {{ pipeline_var('max_key_prospects') }} as max_accounts

)

select
    forced_counts.*,
    caps.max_accounts

from forced_counts
inner join caps
    on forced_counts.tier = caps.tier
where forced_counts.forced_count > caps.max_accounts
