{#-
    One row per as-of date and customer scored on it or on the scored date before it: how the
    weighted score moved between the two, split exactly into each criterion's part, the part of
    new weights, and the 6-decimal rounding of the score (Σ parts = score_change).

    A criterion's part is its score's move at the previous weights: ŵ₀ × (score₁ − score₀), with
    ŵ₀ = the previous points / the previous score (the criterion's share of the weights then).
    When the weights differ (another configuration, or a criterion that appeared or went missing,
    a prospect that became an account or back: the weights are re-normalised over the criteria
    present), weights_contribution takes the rest, Σ points change − Σ criteria's parts. With the
    same weights a criterion's part is simply its change of points. tier_change_reason names the
    rule that changed the tier: an override, a major customer, the incumbent's margin, their end,
    or the score.

    A backfilled date also rewrites the next scored date's rows, whose previous date it becomes.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}
{%- set criteria = pipeline_var('criteria') or {} -%}

with

customer_scores as (

    select * from {{ ref('customer_scores') }}

),

scored_dates as (

    select
        as_of_date,
        lag(as_of_date) over (order by as_of_date) as previous_as_of_date

    from (select distinct as_of_date from customer_scores) as distinct_dates

),

-- The run's as-of dates, and the scored date after each (a backfill changes that date's
-- previous one).
compared_dates as (

    select scored_dates.*
    from scored_dates
    where
        scored_dates.previous_as_of_date is not null
        and (
            {{ is_run_as_of_date('scored_dates.as_of_date') }}
            or {{ is_run_as_of_date('scored_dates.previous_as_of_date') }}
        )

),

current_scores as (

    select
        compared_dates.previous_as_of_date,
        customer_scores.*

    from customer_scores
    inner join compared_dates
        on customer_scores.as_of_date = compared_dates.as_of_date

),

previous_scores as (

    select
        compared_dates.as_of_date as next_as_of_date,
        customer_scores.*

    from customer_scores
    inner join compared_dates
        on customer_scores.as_of_date = compared_dates.previous_as_of_date

),

paired as (

    select
        coalesce(current_scores.as_of_date, previous_scores.next_as_of_date) as as_of_date,
        coalesce(current_scores.previous_as_of_date, previous_scores.as_of_date)
            as previous_as_of_date,
        coalesce(current_scores.customer_id, previous_scores.customer_id) as customer_id,
        coalesce(current_scores.customer_name, previous_scores.customer_name) as customer_name,
        coalesce(current_scores.group_id, previous_scores.group_id) as group_id,
        coalesce(current_scores.account_manager, previous_scores.account_manager)
            as account_manager,
        previous_scores.customer_id is null as is_newly_scored,
        current_scores.customer_id is null as is_no_longer_scored,
        previous_scores.tier as previous_tier,
        current_scores.tier,
        previous_scores.weighted_score as previous_weighted_score,
        current_scores.weighted_score,
        current_scores.weighted_score - previous_scores.weighted_score as score_change,
        previous_scores.score_rank as previous_score_rank,
        current_scores.score_rank,
        previous_scores.score_rank - current_scores.score_rank as rank_change,
        previous_scores.tier_source as previous_tier_source,
        current_scores.tier_source,
        -- Same weights: the same configuration and the same criteria present (the weighted
        -- score is the mean over those, re-normalised when one appears or goes missing).
        previous_scores.config_version = current_scores.config_version
        {%- for name in criteria %}
            and (previous_scores.{{ name }}_score is null)
            = (current_scores.{{ name }}_score is null)
        {%- endfor %} as has_same_weights,
        {% for name in criteria -%}
            case
                when
                    current_scores.customer_id is not null
                    and previous_scores.customer_id is not null
                    then
                        coalesce(current_scores.{{ name }}_points, 0)
                        - coalesce(previous_scores.{{ name }}_points, 0)
            end as {{ name }}_points_change,
            -- Scored on both dates: its move at the previous weights. A criterion without weight
            -- then contributes exactly 0 (not −0 from 0 × a drop); one that appeared or went
            -- missing moved the weights instead.
            case
                when current_scores.customer_id is null or previous_scores.customer_id is null
                    then null
                when
                    previous_scores.{{ name }}_score is null
                    or current_scores.{{ name }}_score is null
                    or previous_scores.{{ name }}_points = 0
                    then 0
                else
                    previous_scores.{{ name }}_points / previous_scores.{{ name }}_score
                    * (current_scores.{{ name }}_score - previous_scores.{{ name }}_score)
            end as {{ name }}_score_effect,
        {% endfor -%}
        previous_scores.config_version as previous_config_version,
        current_scores.config_version

    from current_scores
    full outer join previous_scores
        on
            current_scores.as_of_date = previous_scores.next_as_of_date
            and current_scores.customer_id = previous_scores.customer_id

),

contributions as (

    select
        *,
        {% for name in criteria -%}
            case
                when has_same_weights then {{ name }}_points_change
                else {{ name }}_score_effect
            end as {{ name }}_contribution,
        {% endfor -%}
        case
            when has_same_weights then 0
            else
                ({{ sum_of_points(criteria, '_points_change') }})
                - ({{ sum_of_points(criteria, '_score_effect') }})
        end as weights_contribution,
        score_change - ({{ sum_of_points(criteria, '_points_change') }}) as rounding_contribution

    from paired

),

top_reasons as (

    select
        *,
        greatest(
            {% for name in criteria -%}
                abs({{ name }}_contribution),
            {% endfor -%}
            abs(weights_contribution)
        ) as top_reason_size

    from contributions

),

final as (

    select
        as_of_date,
        previous_as_of_date,
        customer_id,
        customer_name,
        group_id,
        account_manager,
        is_newly_scored,
        is_no_longer_scored,
        previous_tier,
        tier,
        coalesce(previous_tier <> tier, true) as is_tier_changed,
        previous_tier_source,
        tier_source,
        -- What decided a change of tier: a rule other than the score on either date, else the
        -- score (top_reason says which part of it moved most).
        case
            when not coalesce(previous_tier <> tier, true) then null
            when tier_source in ('override', 'major_customer', 'incumbent_margin') then tier_source
            when previous_tier_source = 'override' then 'override_ended'
            when previous_tier_source = 'major_customer' then 'no_longer_major_customer'
            when previous_tier_source = 'incumbent_margin' then 'beyond_incumbent_margin'
            when tier is not null and previous_tier is not null then 'score'
        end as tier_change_reason,
        previous_weighted_score,
        weighted_score,
        score_change,
        previous_score_rank,
        score_rank,
        rank_change,
        {% for name in criteria -%}
            {{ name }}_contribution,
        {% endfor -%}
        weights_contribution,
        rounding_contribution,
        -- The part that moved the score most (criteria in configuration order on a tie).
        case
            when top_reason_size is null or top_reason_size = 0 then null
            {% for name in criteria -%}
                when abs({{ name }}_contribution) = top_reason_size then '{{ name }}'
            {% endfor -%}
            else 'weights'
        end as top_reason,
        case
            when top_reason_size is null or top_reason_size = 0 then null
            {% for name in criteria -%}
                when abs({{ name }}_contribution) = top_reason_size then {{ name }}_contribution
            {% endfor -%}
            else weights_contribution
        end as top_reason_contribution,
        coalesce(previous_config_version <> config_version, false) as is_config_changed,
        previous_config_version,
        coalesce(config_version, '{{ pipeline_var("config_version") }}') as config_version

    from top_reasons

)

select * from final
