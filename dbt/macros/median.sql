{#-
    The median of a column's values in a group (the mean of the two middle ones for an even
    count), on every engine: DuckDB's median, Spark's exact percentile.
-#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'key_accounts')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    median({{ expression }})
{%- endmacro %}
