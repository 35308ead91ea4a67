{#-
    The date `months` months before the as-of date (month arithmetic: 31 March - 1 month = 28/29
    February). A date, not the timestamp dateadd gives on some engines, so that comparing it
    with order dates does not cast every order date.
-#}
{% macro months_before_as_of(months) -%}
    cast({{ dbt.dateadd('month', '-' ~ months, as_of_date()) }} as date)
{%- endmacro %}
