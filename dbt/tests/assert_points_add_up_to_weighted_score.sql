-- Catches an explanation that does not add up: a customer's weighted score must be the sum of
-- its criteria's points, those that have one (within the 6-decimal rounding of the score); a
-- customer without any point is at the bottom of the scale.
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
{%- set criteria = pipeline_var('criteria') or {} %}

with

run_rows as (

    select
        (
            {% for name in criteria -%}
                coalesce(customer_scores.{{ name }}_points, 0){{ ' +' if not loop.last }}
            {% endfor %}
        ) as points_sum,
        (
            {% for name in criteria -%}
                case when customer_scores.{{ name }}_points is null then 0 else 1 end
                {{- ' +' if not loop.last }}
            {% endfor %}
        ) as points_count,
        customer_scores.*

    from {{ ref('customer_scores') }} as customer_scores
    where {{ is_run_as_of_date('customer_scores.as_of_date') }}

)

select *
from run_rows
where
    case
        when points_count = 0 then weighted_score <> 1
        else abs(weighted_score - points_sum) > 1e-6
    end
