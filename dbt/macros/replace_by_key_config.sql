{#-
    The configuration of a model whose run replaces, in the table, the rows with the keys it
    selects (the marts by as_of_date, the converted lines by order and line). DuckDB deletes the
    rows of those keys and inserts the new ones. A mart keyed by as_of_date first deletes every
    row of the run's as-of dates, in the model's transaction: delete+insert alone deletes only
    the dates the new rows carry, so a day re-scored with no rows would keep its old ones.
-#}
{% macro replace_by_key_config(unique_key) -%}
    {{ return(adapter.dispatch('replace_by_key_config', 'key_accounts')(unique_key)) }}
{%- endmacro %}

{% macro default__replace_by_key_config(unique_key) -%}
    {%- set config = {
        'materialized': 'incremental',
        'incremental_strategy': 'delete+insert',
        'unique_key': unique_key,
    } -%}
    {%- if unique_key == 'as_of_date' -%}
        {%- do config.update({'pre_hook': [
            "{% if load_relation(this) is not none %}delete from {{ this }} where as_of_date "
            ~ "in (select as_of_date from {{ ref('stg_raw__as_of_dates') }}){% endif %}"
        ]}) -%}
    {%- endif -%}
    {{ return(config) }}
{%- endmacro %}
