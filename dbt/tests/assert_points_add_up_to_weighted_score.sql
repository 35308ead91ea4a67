-- Catches an explanation that does not add up: a customer's weighted score must be the sum of
-- its criteria's points (within the 6-decimal rounding of the score).
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
{%- set criteria = pipeline_var('criteria') or {} %}

with

run_rows as (

    select customer_scores.*
    from {{ ref('customer_scores') }} as customer_scores
    where {{ is_run_as_of_date('customer_scores.as_of_date') }}

)

select *
from run_rows
where
    abs(weighted_score - ({{ sum_of_points(criteria) }})) > 1e-6
