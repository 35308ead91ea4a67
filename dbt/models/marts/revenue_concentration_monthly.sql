{#-
    One row per month end of the history (up to the latest order date): the figures of
    revenue_concentration over the window_months calendar months ending that month, so a chart
    shows whether the dependence on a few customers is growing. A run recomputes the month ends
    that int_customer_revenue_by_month_end recomputed (macros/recomputed_trend_config.sql), every one
    when the configuration changed, and keeps the others.
-#}
{{ config(**recomputed_trend_config('{{ first_recomputed_month_end() }}')) }}
{%- set window_months = pipeline_var('window_months') or 1 -%}

with

trend as (

    select * from {{ ref('int_customer_revenue_by_month_end') }}

),

recompute_from as (

    select
        {% if is_incremental() -%}
            {{ first_recomputed_month_end() }}
        {%- else -%}
            cast('1900-01-31' as date)
        {%- endif %} as first_month_end_date

),

customer_revenue as (

    select
        trend.month_end_date,
        trend.customer_id,
        trend.net_revenue

    from trend
    cross join recompute_from
    where trend.month_end_date >= recompute_from.first_month_end_date

),

revenue_shares as (

    {{ revenue_shares_by_period('customer_revenue', 'month_end_date') }}

),

figures as (

    {{ concentration_by_period('revenue_shares', 'month_end_date') }}

),

-- The first month end with revenue, over the whole history.
history as (

    select
        {{ dbt.dateadd("month", window_months - 1, "min(trend.month_end_date)") }}
            as full_from_date

    from trend
    where trend.net_revenue > 0

),

final as (

    select
        figures.*,
        -- False while the history is shorter than the window: early months look concentrated
        -- because they hold fewer months of revenue, not because customers are fewer.
        figures.month_end_date >= history.full_from_date as is_window_complete,
        '{{ pipeline_var("config_version") }}' as config_version

    from figures
    cross join history

)

select * from final
