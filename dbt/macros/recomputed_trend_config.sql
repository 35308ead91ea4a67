{#-
    The month-end concentration trend is recomputed from the first month that changed, not
    over the whole history every day (int_customer_revenue_by_month_end,
    revenue_concentration_monthly). On DuckDB each of the two models first deletes its rows
    from that month on, in its transaction (a pre-hook), then appends the recomputed ones; on
    Spark's Parquet tables, which cannot delete, they are rebuilt whole.
-#}
{% macro recomputed_trend_config(from_month) -%}
    {{ return(adapter.dispatch('recomputed_trend_config', 'key_accounts')(from_month)) }}
{%- endmacro %}

{% macro default__recomputed_trend_config(from_month) -%}
    {{ return({
        'materialized': 'incremental',
        'incremental_strategy': 'append',
        'pre_hook': [
            "{% if load_relation(this) is not none %}delete from {{ this }} where month_end_date "
            ~ ">= (" ~ from_month ~ "){% endif %}"
        ],
    }) }}
{%- endmacro %}
{#-
    The first month end of int_customer_revenue_by_month_end to recompute: that of the first
    month whose revenue differs from the one the table was built with (a new or corrected line,
    a new FX rate, a customer who came into or left the master), or of the first month after
    the table's last (the history grew), whichever is first; every month end when the table
    does not exist yet or was built with another window.
-#}
{% macro first_changed_month_end() -%}
    {%- set window_months = pipeline_var('window_months') or 0 -%}
    {%- set months = ref('int_customer_revenue_by_month') -%}
    {%- if load_relation(this) is none -%}
        cast('1900-01-31' as date)
    {%- else -%}
        (
            select
                case
                    when max(built.window_months) != {{ window_months }}
                        then cast('1900-01-31' as date)
                    else least(
                        coalesce(
                            (
                                select
                                    cast({{ dbt.last_day(
                                        "min(coalesce(current_months.month_start_date,"
                                        ~ " built_months.month_start_date))",
                                        'month'
                                    ) }} as date)
                                from {{ months }} as current_months
                                full outer join (
                                    select customer_id, month_start_date, month_revenue
                                    from {{ this }}
                                    where month_revenue != 0
                                ) as built_months
                                    on
                                        current_months.customer_id = built_months.customer_id
                                        and current_months.month_start_date
                                        = built_months.month_start_date
                                where
                                    coalesce(current_months.net_revenue, 0)
                                    != coalesce(built_months.month_revenue, 0)
                            ),
                            cast('9999-12-31' as date)
                        ),
                        {{ month_end_after_last('built.month_end_date') }}
                    )
                end
            from {{ this }} as built
        )
    {%- endif -%}
{%- endmacro %}

{#-
    The first month end of revenue_concentration_monthly to recompute: the first that
    int_customer_revenue_by_month_end recomputed in this dbt invocation, or the first after its
    last month end (months it no longer has); every month end when the table does not exist
    yet or was computed with another configuration (its thresholds make the figures).
-#}
{% macro first_recomputed_month_end() -%}
    {%- if load_relation(this) is none -%}
        cast('1900-01-31' as date)
    {%- else -%}
        (
            select
                case
                    when
                        (select max(built.config_version) from {{ this }} as built)
                        != '{{ pipeline_var("config_version") }}'
                        then cast('1900-01-31' as date)
                    else least(
                    coalesce(
                        min(
                            case
                                when trend.built_by_invocation = '{{ invocation_id }}'
                                    then trend.month_end_date
                            end
                        ),
                        cast('9999-12-31' as date)
                    ),
                    {{ month_end_after_last('trend.month_end_date') }}
                ) end
            from {{ ref('int_customer_revenue_by_month_end') }} as trend
        )
    {%- endif -%}
{%- endmacro %}

{#- The month end after the last of `month_end_date` (aggregated), or every month end when
    there is none. -#}
{% macro month_end_after_last(month_end_date) -%}
    coalesce(
        cast({{ dbt.last_day(
            dbt.dateadd('month', 1, 'max(' ~ month_end_date ~ ')'), 'month'
        ) }} as date),
        cast('1900-01-31' as date)
    )
{%- endmacro %}
