-- Catches a normalisation or weighting bug: on the as-of date, every criterion score and the
-- weighted score must lie on the configured 1..scale.
{%- set criteria = pipeline_var('criteria') or {} %}

select *
from {{ ref('customer_scores') }}
where
    as_of_date = {{ as_of_date() }}
    and (
        weighted_score not between 1 and {{ pipeline_var('scale') }}
        {% for name in criteria -%}
            or {{ name }}_score not between 1 and {{ pipeline_var('scale') }}
        {% endfor %}
    )
