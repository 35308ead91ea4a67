{#-
    The 1..scale score of one criterion (DESIGN.md, "Criterion score"):
    1 + (scale - 1) × percent_rank over the customers that have a value, ordered so the best
    value ranks highest; metrics are rounded to 6 decimals first so that values equal in exact
    arithmetic tie, and ties share the lowest rank. The score itself is not rounded. A single customer with a value scores the
    top of the scale; a missing metric scores 1.
-#}
{% macro criterion_score(metric, direction, scale) -%}
    case
        when {{ metric }} is null then 1
        when count({{ metric }}) over () = 1 then {{ scale }}
        else 1 + ({{ scale }} - 1) * percent_rank() over (
            partition by {{ metric }} is null
            order by round({{ metric }}, 6) {{ 'asc' if direction == 'higher' else 'desc' }}
        )
    end
{%- endmacro %}
