-- Catches a normalisation or weighting bug: on the as-of date, every criterion score and the
-- weighted score must lie on the configured 1..scale.
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
{%- set criteria = pipeline_var('criteria') or {} %}

select *
from {{ ref('customer_scores') }}
where
    as_of_date in (select as_of_date from {{ ref('stg_raw__as_of_dates') }})
    and (
        weighted_score not between 1 and {{ pipeline_var('scale') }}
        {% for name in criteria -%}
            or {{ name }}_score not between 1 and {{ pipeline_var('scale') }}
        {% endfor %}
    )
