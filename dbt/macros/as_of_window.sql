{#- The date `months` months before the as-of date (month arithmetic: 31 March - 1 month = 28/29 February). -#}
{% macro months_before_as_of(months) -%}
    {{ dbt.dateadd('month', '-' ~ months, as_of_date()) }}
{%- endmacro %}
