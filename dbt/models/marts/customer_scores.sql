{#-
    One row per as-of date and scored customer: the points-based ranking table with, for every
    criterion, the raw metric, its 1..scale score and its weighted points (null where it has no
    score), the criteria missing and those carrying no information that day, the completeness,
    the factors raising and lowering the score most, then the weighted score, rank, tier and the
    rule that decided it, and the customer's revenue class and concentration flags; group_id
    names its group of customers under common control (customer_group_revenue_shares).
    Published for BI; a row explains itself: weighted_score = Σ <criterion>_points.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}
{%- set criteria = pipeline_var('criteria') or {} -%}

with

weighted_scores as (

    select * from {{ ref('int_customer_scores_weighted') }}

),

-- This run's dates of the tiers (the model keeps every scored date).
tiers as (

    select tiers_assigned.*

    from {{ ref('int_customer_tiers_assigned') }} as tiers_assigned
    inner join {{ ref('stg_raw__as_of_dates') }} as as_of_dates
        on tiers_assigned.as_of_date = as_of_dates.as_of_date

),

revenue_shares as (

    select * from {{ ref('int_customer_revenue_shares') }}

),

kaism_positions as (

    select * from {{ ref('int_customer_kaism_positions') }}

),

final as (

    select
        weighted_scores.as_of_date,
        weighted_scores.customer_id,
        weighted_scores.customer_name,
        revenue_shares.group_id,
        weighted_scores.industry,
        weighted_scores.account_manager,
        weighted_scores.is_prospect,
        {% for name in criteria -%}
            weighted_scores.{{ name }}_metric,
            weighted_scores.{{ name }}_score,
            weighted_scores.{{ name }}_points,
        {% endfor -%}
        weighted_scores.product_need_basis,
        weighted_scores.reputation_basis,
        weighted_scores.missing_criteria,
        weighted_scores.uninformative_criteria,
        weighted_scores.score_completeness,
        weighted_scores.top_positive_factors,
        weighted_scores.top_negative_factors,
        weighted_scores.weighted_score,
        weighted_scores.score_rank,
        tiers.tier,
        tiers.tier_source,
        tiers.override_reason,
        tiers.is_incumbent,
        coalesce(revenue_shares.abc_class, 'C') as abc_class,
        kaism_positions.kaism_quadrant,
        coalesce(revenue_shares.is_mono_client, false) as is_mono_client,
        coalesce(revenue_shares.is_major_customer, false) as is_major_customer,
        '{{ pipeline_var("config_version") }}' as config_version

    from weighted_scores
    inner join tiers
        on
            weighted_scores.as_of_date = tiers.as_of_date
            and weighted_scores.customer_id = tiers.customer_id
    left join revenue_shares
        on
            weighted_scores.as_of_date = revenue_shares.as_of_date
            and weighted_scores.customer_id = revenue_shares.customer_id
    left join kaism_positions
        on
            weighted_scores.as_of_date = kaism_positions.as_of_date
            and weighted_scores.customer_id = kaism_positions.customer_id

)

select * from final
