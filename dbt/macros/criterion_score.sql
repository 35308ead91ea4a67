{#-
    The 1..scale score of one criterion (README "How a score is computed"), among the customers
    scored on the same as-of date:
    1 + (scale - 1) × percent_rank over the customers that have a value, ordered so the best
    value ranks highest; metrics are rounded to 6 decimals first so that values equal in exact
    arithmetic tie, and ties share the lowest rank. The score itself is not rounded. A single customer with a value scores the
    top of the scale; a missing metric scores 1.
-#}
{% macro criterion_score(metric, direction, scale) -%}
    case
        when {{ metric }} is null then 1
        when count({{ metric }}) over (partition by as_of_date) = 1 then {{ scale }}
        else 1 + ({{ scale }} - 1) * percent_rank() over (
            partition by as_of_date, {{ metric }} is null
            order by round({{ metric }}, 6) {{ 'asc' if direction == 'higher' else 'desc' }}
        )
    end
{%- endmacro %}
