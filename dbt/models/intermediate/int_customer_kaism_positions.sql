{#-
    Key Account Identification and Selection Matrix (McDonald / Woodburn, Cranfield): each
    scored customer's attractiveness and relative strength, each the weighted average, on the
    1..scale, of the criterion scores the configuration assigns to the axis (kaism_attractiveness,
    kaism_relative_strength), plus the share of wallet scored like a criterion (higher is
    better), over the factors that have a score (an axis with none is null, and the quadrant
    unassessed). An axis is high from the split point up (default: the middle of the scale).
-#}
{%- set attractiveness = pipeline_var('kaism_attractiveness') or {} -%}
{%- set relative_strength = pipeline_var('kaism_relative_strength') or {} -%}
{%- set split = pipeline_var('kaism_split') -%}
{%- set scale = pipeline_var('scale') -%}
{#- Scored like a criterion: the more of its potential a customer buys from us, the stronger. -#}
{%- set share_of_wallet = {'direction': 'higher', 'method': 'percent_rank'} -%}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

factor_scores as (

    select
        *,
        {{ criterion_score('share_of_wallet_metric', share_of_wallet, scale) }}
            as share_of_wallet_score

    from weighted_scores

),

axes as (

    select
        as_of_date,
        customer_id,
        share_of_wallet_metric,
        share_of_wallet_score,
        round({{ weighted_average_of_scores(attractiveness) }}, 6) as attractiveness,
        round({{ weighted_average_of_scores(relative_strength) }}, 6) as relative_strength

    from factor_scores

),

final as (

    select
        *,
        case
            when attractiveness is null or relative_strength is null then 'unassessed'
            when attractiveness >= {{ split }} and relative_strength >= {{ split }} then 'strategic'
            when attractiveness >= {{ split }} then 'star'
            when relative_strength >= {{ split }} then 'status'
            else 'streamline'
        end as kaism_quadrant

    from axes

)

select * from final
