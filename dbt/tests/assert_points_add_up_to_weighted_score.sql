-- Catches an explanation that does not add up: a customer's weighted score must be the sum of
-- its criteria's points (within the 6-decimal rounding of the score).
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
{%- set criteria = pipeline_var('criteria') or {} %}

select *
from {{ ref('customer_scores') }}
where
    as_of_date in (select as_of_date from {{ ref('stg_raw__as_of_dates') }})
    and abs(weighted_score - ({{ sum_of_points(criteria) }})) > 1e-6
