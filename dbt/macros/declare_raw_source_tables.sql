{#-
    `dbt run-operation declare_raw_source_tables`: makes the raw tables readable as
    source('raw', ...) on an engine that does not hold them, before a build. On DuckDB the
    ingestion writes them into the warehouse, so there is nothing to do. On Spark they are
    external Parquet tables over the folders of KEY_ACCOUNTS_SPARK_RAW (one per table, written
    from the warehouse by scripts/export_raw_to_parquet.py), declared again each time so that a
    new export is read.
-#}
{% macro declare_raw_source_tables() -%}
    {{ return(adapter.dispatch('declare_raw_source_tables', 'key_accounts')()) }}
{%- endmacro %}

{% macro default__declare_raw_source_tables() -%}
    {{ log('The raw tables are in the ' ~ target.type ~ ' warehouse already.', info=true) }}
{%- endmacro %}
