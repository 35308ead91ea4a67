{#-
    The points-based ranking table (DESIGN.md, "Criterion score"): each criterion's 1..scale
    score, its weighted points (weight × score / Σ weights), the weighted score (Σ points,
    rounded to 6 decimals), the rank and the tier.

    Prospects (no sales in the window) are scored on the prospect criteria only, with the
    weights re-normalised over those, and get the tiers key_prospect or prospect. Accounts take
    the configured tiers highest first; a tier's max_accounts keeps its best scores (ties by
    customer_id) and sends the rest to the next tier.
-#}
{%- set criteria = pipeline_var('criteria') or {} -%}
{%- set scale = pipeline_var('scale') -%}
{%- set tiers = pipeline_var('tiers') or [] -%}
{%- set prospect_criteria = pipeline_var('prospect_criteria') or [] -%}

with

metrics as (

    select * from {{ ref('int_customer_criteria_metrics') }}

),

criterion_scores as (

    select
        {% for name, criterion in criteria.items() -%}
            {{ criterion_score(name ~ '_metric', criterion.direction, scale) }} as {{ name }}_score,
        {% endfor -%}
        metrics.*

    from metrics

),

criterion_points as (

    select
        {% for name in criteria -%}
            {{ criterion_points(name, criteria, prospect_criteria) }} as {{ name }}_points,
        {% endfor -%}
        {{ missing_criteria(criteria) }} as missing_criteria,
        criterion_scores.*

    from criterion_scores

),

weighted as (

    select
        *,
        round({{ sum_of_points(criteria) }}, 6) as weighted_score

    from criterion_points

),

ranked as (

    select
        *,
        -- bigint on every engine (Spark's row_number is an int).
        cast(
            row_number() over (order by weighted_score desc, customer_id asc) as bigint
        ) as score_rank,
        case
            when not is_prospect
                then row_number() over (
                    partition by is_prospect order by weighted_score desc, customer_id asc
                )
        end as account_rank

    from weighted

),

-- How many accounts reach each tier's minimum; the last tier's minimum is 1, so everyone.
tier_qualification as (

    select
        {% for tier in tiers -%}
            sum(
                case
                    when not is_prospect and weighted_score >= {{ tier.min_score or 1 }} then 1
                    else 0
                end
            ) as qualified_{{ loop.index0 }},
        {% endfor -%}
        count(*) as scored_customers

    from ranked

),

-- Accounts ranked up to last_rank_i are in tier i or above. Tier i adds those that qualify and
-- are not above it yet, up to its max_accounts; the overflow qualifies for the next tier too.
{% for tier in tiers %}
    {%- set previous = 'last_rank_' ~ (loop.index0 - 1) if not loop.first else '0' -%}
    {%- set added = 'greatest(0, qualified_' ~ loop.index0 ~ ' - ' ~ previous ~ ')' -%}
    {%- if tier.max_accounts -%}
        {%- set added = 'least(' ~ tier.max_accounts ~ ', ' ~ added ~ ')' -%}
    {%- endif %}
    tier_bound_{{ loop.index0 }} as (

        select
            *,
            {{ previous }} + {{ added }} as last_rank_{{ loop.index0 }}

        from {{ 'tier_qualification' if loop.first else 'tier_bound_' ~ (loop.index0 - 1) }}

    ),
{% endfor %}

final as (

    select
        ranked.*,
        case
            when
                ranked.is_prospect
                and ranked.weighted_score >= {{ pipeline_var('key_prospect_min_score') }}
                then 'key_prospect'
            when ranked.is_prospect then 'prospect'
            {% for tier in tiers -%}
                when ranked.account_rank <= tier_bounds.last_rank_{{ loop.index0 }}
                    then '{{ tier.name }}'
            {% endfor %}
        end as tier

    from ranked
    cross join tier_bound_{{ tiers | length - 1 }} as tier_bounds

)

select * from final
