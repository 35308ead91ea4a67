{#-
    One row per as-of date and scored customer: how robust its published tier is to the
    weights. Every draw of int_weight_draws (the configured weights, each times its own factor
    in 1 ± weight_spread) re-scores every customer, Σ w × score / Σ w over the criteria present,
    rounded to 6 decimals like the published score, with its completeness at those weights, and
    re-assigns the tiers with the same rule and caps (macros/assign_tiers.sql), draw by draw:
    the overrides, major customers (alone or by their group) and incumbents are the published
    date's. A customer's key_probability is the share of draws that put it in the top tier
    (key_prospect for a prospect); it is borderline when its tier differs from the published one
    in more than borderline_share of the draws; margin_draws counts the draws where the
    incumbent's margin decided its place in the first tier. Published for BI.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}
{%- set criteria = pipeline_var('criteria') or {} -%}
{%- set tier_names = (pipeline_var('tiers') or []) | map(attribute='name') | list -%}
{%- set key_tier = key_tier_name() -%}
{#- A criterion of weight 0 weighs 0 in every draw: left out of the sums. -#}
{%- set scored_criteria = weighted_criteria(criteria) -%}

-- The run's as-of dates, whose rows the pre-hook replaces (macros/replace_by_key_config.sql).
-- depends_on: {{ ref('stg_raw__as_of_dates') }}
with

weighted_scores as (

    select
        scores.*,
        tiers.tier,
        tiers.tier_source,
        tiers.is_incumbent,
        tiers.is_major_for_tiers,
        tiers.override_tier

    from {{ ref('int_customer_scores_weighted') }} as scores
    inner join {{ ref('int_customer_tiers_assigned') }} as tiers
        on
            scores.as_of_date = tiers.as_of_date
            and scores.customer_id = tiers.customer_id

),

weight_draws as (

    select * from {{ ref('int_weight_draws') }}

),

-- A number in customer_id order stands for the customer in the draws' millions of rows: cheaper
-- to store, group and sort than the text, and it ranks equal scores in the same order.
numbered_customers as (

    select
        *,
        row_number() over (partition by as_of_date order by customer_id) as customer_number

    from weighted_scores

),

-- Every customer in every draw: the sums of the weighted mean and of the completeness over the
-- criteria present, with the draw's weights.
drawn_sums as (

    select
        numbered_customers.as_of_date,
        weight_draws.draw_id,
        numbered_customers.customer_number,
        numbered_customers.is_prospect,
        numbered_customers.is_incumbent,
        numbered_customers.is_major_for_tiers,
        numbered_customers.override_tier,
        {{ sum_over(
            scored_criteria, 'coalesce(weight_draws.{}_weight * numbered_customers.{}_score, 0)'
        ) }} as weighted_sum,
        {{ sum_over(
            scored_criteria,
            'case when numbered_customers.{}_score is not null then weight_draws.{}_weight else 0 end'
        ) }} as present_weight,
        {{ sum_over(
            scored_criteria,
            'case when numbered_customers.{}_applies and numbered_customers.{}_is_informative'
            ~ ' then weight_draws.{}_weight else 0 end'
        ) }} as informative_weight

    from numbered_customers
    cross join weight_draws

),

drawn_scores as (

    select
        as_of_date,
        draw_id,
        customer_number,
        is_prospect,
        is_incumbent,
        is_major_for_tiers,
        override_tier,
        round(
            case when present_weight > 0 then weighted_sum / present_weight else 1 end, 6
        ) as weighted_score,
        round(
            case when informative_weight > 0 then present_weight / informative_weight else 1 end, 6
        ) as score_completeness

    from drawn_sums

),

{{
    assign_tiers(
        'drawn_scores',
        into='drawn_tiers',
        partition_by=['as_of_date', 'draw_id'],
        customer_key='customer_number'
    )
}},

-- Per customer: its draws, its lowest and highest score, and how many draws put it in each tier.
customer_draws as (

    select
        as_of_date,
        customer_number,
        {% for name in tier_names + ['key_prospect', 'prospect'] -%}
            sum(case when tier = '{{ name }}' then 1 else 0 end) as {{ name }}_draws,
        {% endfor -%}
        count(*) as draws,
        sum(case when tier_source = 'incumbent_margin' then 1 else 0 end) as margin_draws,
        min(weighted_score) as min_weighted_score,
        max(weighted_score) as max_weighted_score

    from drawn_tiers
    group by as_of_date, customer_number

),

-- The shares of the draws that put the customer in the top tier, and in another tier than its
-- published one.
customer_shares as (

    select
        numbered_customers.as_of_date,
        numbered_customers.customer_number,
        cast(
            customer_draws.{{ key_tier }}_draws + customer_draws.key_prospect_draws as double
        ) / customer_draws.draws as key_probability,
        cast(
            customer_draws.draws - case numbered_customers.tier
                {% for name in tier_names + ['key_prospect', 'prospect'] -%}
                    when '{{ name }}' then customer_draws.{{ name }}_draws
                {% endfor -%}
            end as double
        ) / customer_draws.draws as tier_change_share

    from numbered_customers
    inner join customer_draws
        on
            numbered_customers.as_of_date = customer_draws.as_of_date
            and numbered_customers.customer_number = customer_draws.customer_number

),

final as (

    select
        numbered_customers.as_of_date,
        numbered_customers.customer_id,
        numbered_customers.customer_name,
        numbered_customers.account_manager,
        numbered_customers.is_prospect,
        numbered_customers.tier,
        numbered_customers.weighted_score,
        cast(customer_draws.draws as bigint) as draws,
        cast(customer_draws.margin_draws as bigint) as margin_draws,
        customer_draws.min_weighted_score,
        customer_draws.max_weighted_score,
        customer_shares.key_probability,
        customer_shares.tier_change_share,
        customer_shares.tier_change_share
        > {{ pipeline_var('borderline_share') }} as is_borderline,
        '{{ pipeline_var("config_version") }}' as config_version

    from numbered_customers
    inner join customer_draws
        on
            numbered_customers.as_of_date = customer_draws.as_of_date
            and numbered_customers.customer_number = customer_draws.customer_number
    inner join customer_shares
        on
            numbered_customers.as_of_date = customer_shares.as_of_date
            and numbered_customers.customer_number = customer_shares.customer_number

)

select * from final
