{#-
    One row per month end of the history (up to the latest order date): the figures of
    revenue_concentration over the window_months calendar months ending that month, so a chart
    shows whether the dependence on a few customers is growing. Rebuilt in full by every run.
-#}
{{ config(materialized='table') }}
{%- set window_months = pipeline_var('window_months') or 1 -%}

with

customer_revenue as (

    select * from {{ ref('int_customer_revenue_by_month_end') }}

),

revenue_shares as (

    {{ revenue_shares_by_period('customer_revenue', 'month_end_date') }}

),

figures as (

    {{ concentration_by_period('revenue_shares', 'month_end_date') }}

),

history as (

    select
        {{ dbt.dateadd("month", window_months - 1, "min(month_end_date)") }} as full_from_date

    from figures

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
