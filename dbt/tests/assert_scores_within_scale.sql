-- Catches a normalisation or weighting bug: on the as-of date, every criterion score and the
-- weighted score must lie on the configured 1..scale.
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
    (
        weighted_score not between 1 and {{ pipeline_var('scale') }}
        {% for name in criteria -%}
            or {{ name }}_score not between 1 and {{ pipeline_var('scale') }}
        {% endfor %}
    )
