{#-
    The key_prospect signal on every as-of date of the run (docs/method.md "Signals"): a
    prospect (no sales in the window, a spending potential) in the `key_prospect` tier, to
    approach.
-#}
{%- set scale = pipeline_var('scale') -%}
{%- set window_months = pipeline_var('window_months') -%}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

tiers as (

    select * from {{ ref('int_customer_tiers_assigned') }}
    where {{ is_run_as_of_date('as_of_date') }}

),

key_prospects as (

    select
        weighted_scores.as_of_date,
        weighted_scores.customer_id,
        weighted_scores.weighted_score,
        weighted_scores.potential_revenue_metric as estimated_annual_potential,
        cast(floor(weighted_scores.weighted_score * 10 + 0.5) as bigint) as weighted_score_tenths

    from weighted_scores
    inner join tiers
        on
            weighted_scores.as_of_date = tiers.as_of_date
            and weighted_scores.customer_id = tiers.customer_id
    where tiers.tier = 'key_prospect'

),

final as (

    select
        as_of_date,
        customer_id,
        weighted_score,
        estimated_annual_potential,
        printf(
            'Key prospect with a weighted score of %d.%d of {{ scale }} and an estimated annual'
            || ' potential of %,d, no sales in the last {{ window_months }} months: approach it',
            cast(floor(weighted_score_tenths / 10) as bigint),
            weighted_score_tenths % 10,
            cast(round(estimated_annual_potential, 0) as bigint)
        ) as reason

    from key_prospects

)

select * from final
