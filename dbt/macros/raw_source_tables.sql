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

{% macro spark__declare_raw_source_tables() -%}
    {%- set raw_dir = env_var('KEY_ACCOUNTS_SPARK_RAW', '../data/spark/raw') -%}
    {%- do run_query('create database if not exists raw') -%}
    {%- for table in graph.sources.values() if table.source_name == 'raw' -%}
        {%- do run_query('drop table if exists raw.' ~ table.name) -%}
        {%- do run_query(
            'create table raw.' ~ table.name ~ " using parquet location '"
            ~ raw_dir ~ '/' ~ table.name ~ "'"
        ) -%}
    {%- endfor -%}
    {{ log('Declared the raw tables over the Parquet files of ' ~ raw_dir ~ '.', info=true) }}
{%- endmacro %}
