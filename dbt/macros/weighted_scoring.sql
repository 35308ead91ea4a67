{#- Expressions of the points-based ranking table, over the criteria of the `criteria` var. -#}

{#- The criteria that count: a weight of 0 drops one. In name order, so lists read the same. -#}
{% macro weighted_criteria(criteria) -%}
    {%- set names = [] -%}
    {%- for name in criteria | sort if criteria[name].weight -%}
        {%- do names.append(name) -%}
    {%- endfor -%}
    {{- return(names) -}}
{%- endmacro %}

{#- Σ of an expression over criteria, `{}` standing for the criterion's name. -#}
{% macro sum_over(names, expression) -%}
    ({% for name in names %}{{ expression | replace('{}', name) }}{{ ' + ' if not loop.last }}{% endfor %})
{%- endmacro %}

{#- Σ of the criteria's points, or of another of their columns (<criterion><suffix>). -#}
{% macro sum_of_points(criteria, suffix='_points') -%}
    {%- for name in criteria %}{{ name }}{{ suffix }}{{ ' + ' if not loop.last }}{% endfor -%}
{%- endmacro %}

{#- The names, comma separated, of the criteria whose condition (`{}`: the name) holds; null when
    none does. -#}
{% macro names_where(names, condition) -%}
    nullif(concat_ws(', '
        {%- for name in names %}, case when {{ condition | replace('{}', name) }} then '{{ name }}' end{% endfor -%}
    ), '')
{%- endmacro %}

{#-
    The (up to) two criteria whose <criterion>_contribution is largest above 0 (sign 'positive')
    or lowest below 0 ('negative'), the strongest first, ties by name; comma separated, null
    when none. A criterion's place is 1 + the criteria that beat it.
-#}
{% macro top_factors(names, sign) -%}
    {%- set beats = '>' if sign == 'positive' else '<' -%}
    {%- set places = {} -%}
    {%- for name in names -%}
        {%- set others = [] -%}
        {%- for other in names if other != name -%}
            {%- do others.append(
                'case when ' ~ other ~ '_contribution ' ~ beats ~ ('= ' if other < name else ' ')
                ~ name ~ '_contribution then 1 else 0 end'
            ) -%}
        {%- endfor -%}
        {%- do places.update({name: ('1 + ' ~ (others | join(' + '))) if others else '1'}) -%}
    {%- endfor -%}
    nullif(concat_ws(', '
        {%- for place in [1, 2] %},
        case
            {%- for name in names %}
            when {{ name }}_contribution {{ beats }} 0 and {{ places[name] }} = {{ place }} then '{{ name }}'
            {%- endfor %}
        end
        {%- endfor %}
    ), '')
{%- endmacro %}

{#- Σ weight × <factor>_score / Σ weight over the factors (a mapping of factor → weight) that have
    a score; null when none has. -#}
{% macro weighted_average_of_scores(weights) -%}
    {%- set factors = [] -%}
    {%- for factor, weight in weights.items() if weight -%}{%- do factors.append(factor) -%}{%- endfor -%}
    (
        {% for factor in factors %}coalesce({{ weights[factor] }} * {{ factor }}_score, 0){{ ' + ' if not loop.last }}{% endfor %}
    ) / nullif(
        {% for factor in factors %}case when {{ factor }}_score is not null then {{ weights[factor] }} else 0 end{{ ' + ' if not loop.last }}{% endfor %},
        0
    )
{%- endmacro %}
