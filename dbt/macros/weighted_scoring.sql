{#- Expressions of the points-based ranking table, one criterion or all of them at a time. -#}

{#- weight × score / Σ weights; for prospects over the prospect criteria only, 0 for the others. -#}
{% macro criterion_points(name, criteria, prospect_criteria) -%}
    {%- set weight = criteria[name]['weight'] -%}
    {%- set total_weight = criteria.values() | sum(attribute='weight') -%}
    {%- set ns = namespace(prospect_weight=0) -%}
    {%- for prospect_criterion in prospect_criteria -%}
        {%- set ns.prospect_weight = ns.prospect_weight + criteria[prospect_criterion]['weight'] -%}
    {%- endfor -%}
    {%- set prospect_weight = ns.prospect_weight -%}
    case
        when is_prospect then
            {%- if name in prospect_criteria %} {{ weight }} * {{ name }}_score / {{ prospect_weight }}
            {%- else %} 0
            {%- endif %}
        else {{ weight }} * {{ name }}_score / {{ total_weight }}
    end
{%- endmacro %}

{#- Σ of the criteria's points, or of another of their columns (<criterion><suffix>). -#}
{% macro sum_of_points(criteria, suffix='_points') -%}
    {%- for name in criteria %}{{ name }}{{ suffix }}{{ ' + ' if not loop.last }}{% endfor -%}
{%- endmacro %}

{#- The names of the criteria whose metric is missing, comma separated; null when none is. -#}
{% macro missing_criteria(criteria) -%}
    nullif(concat_ws(', '
        {%- for name in criteria %}, case when {{ name }}_metric is null then '{{ name }}' end{% endfor -%}
    ), '')
{%- endmacro %}

{#- Σ weight × <factor>_score / Σ weight over a mapping of factor → weight. -#}
{% macro weighted_average_of_scores(weights) -%}
    {%- set total = weights.values() | sum -%}
    ({% for factor, weight in weights.items() %}{{ weight }} * {{ factor }}_score{{ ' + ' if not loop.last }}{% endfor %}) / {{ total }}
{%- endmacro %}
