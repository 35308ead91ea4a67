{#-
    A business setting passed by the pipeline as a dbt var. Parsing needs no value; running
    without one stops with a message that says where the value comes from.
-#}
{% macro pipeline_var(name) -%}
    {%- set value = var(name, none) -%}
    {#- Nested values may come as JSON text: sqlfluff's templater passes its context so
        (dagster_project/lib/configuration/dbt_vars.py writes it for `make lint`). -#}
    {%- if value is string and value[:1] in ['{', '['] -%}
        {%- set value = fromjson(value) -%}
    {%- endif -%}
    {%- if value is none and execute -%}
        {{ exceptions.raise_compiler_error(
            "dbt var '" ~ name ~ "' is not set. The pipeline passes it from the scoring "
            ~ "configuration; run dbt through `key-accounts run`, or pass --vars with the output of "
            ~ "`key-accounts dbt-vars`."
        ) }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{#- The name of the top tier, the key accounts' (the first configured tier); none while parsing. -#}
{% macro key_tier_name() -%}
    {{- return(((pipeline_var('tiers') or [{}])[0]).get('name')) -}}
{%- endmacro %}
