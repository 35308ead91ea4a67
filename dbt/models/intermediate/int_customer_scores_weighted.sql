{#-
    The points-based ranking table of every as-of date of the run (README "How a score is
    computed"), each date ranked on its own: each criterion's 1..scale
    score, its weighted points (weight × score / Σ weights), the weighted score (Σ points,
    rounded to 6 decimals), the rank and the tier.

    Prospects (no sales in the window) are scored on the prospect criteria only, with the
    weights re-normalised over those, and get the tiers key_prospect or prospect. Accounts take
    the configured tiers highest first; a tier's max_accounts keeps its best scores (ties by
    customer_id) and sends the rest to the next tier (macros/assign_tiers.sql, the rule the
    sensitivity applies to each draw too).
-#}
{%- set criteria = pipeline_var('criteria') or {} -%}
{%- set scale = pipeline_var('scale') -%}
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
            row_number() over (
                partition by as_of_date order by weighted_score desc, customer_id asc
            ) as bigint
        ) as score_rank

    from weighted

),

{{ assign_tiers('ranked', into='tiered', partition_by=['as_of_date']) }},

final as (

    select * from tiered

)

select * from final
