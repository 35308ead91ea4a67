{#-
    Everything the models do differently on Apache Spark (dbt-spark, the `spark` target of
    profiles.yml, run by dagster_project/lib/dbt/spark_target.py; docs/operations.md): the
    `spark__` implementations of the adapter-dispatched macros. Each macro's generic version,
    and why it exists, is in the file of the same name one folder up.
-#}

{#- declare_raw_source_tables.sql -#}
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

{#- median.sql -#}
{% macro spark__median(expression) -%}
    percentile({{ expression }}, 0.5)
{%- endmacro %}

{#- aggregate_in_order.sql -#}
{#-
    Spark SQL has no ordered aggregates: the plain aggregate, whose last bits can depend on the
    order in which the tasks' partial results are combined (well within the 1e-9 to which the
    Spark run is compared with DuckDB's).
-#}
{% macro spark__aggregate_in_order(function, expression, order_by) -%}
    {{ function }}({{ expression }})
{%- endmacro %}

{#- recomputed_trend_config.sql -#}
{% macro spark__recomputed_trend_config(from_month) -%}
    {{ return({'materialized': 'table', 'file_format': 'parquet'}) }}
{%- endmacro %}

{#- replace_by_key_config.sql -#}
{#-
    Spark on Parquet tables has no delete nor merge (those need Delta Lake or Iceberg, whose jars
    are not in pyspark): a single date key becomes the table's partition, overwritten by each run
    (insert_overwrite of the partitions selected); any other key rebuilds the whole table.
-#}
{% macro spark__replace_by_key_config(unique_key) -%}
    {%- if unique_key is string -%}
        {{ return({
            'materialized': 'incremental',
            'incremental_strategy': 'insert_overwrite',
            'partition_by': [unique_key],
            'file_format': 'parquet',
        }) }}
    {%- else -%}
        {{ return({'materialized': 'table', 'file_format': 'parquet'}) }}
    {%- endif -%}
{%- endmacro %}
