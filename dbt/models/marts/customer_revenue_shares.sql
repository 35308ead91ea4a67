{#-
    One row per as-of date and customer in scope: its share of the window's net revenue, its rank
    and its ABC class (docs/published-tables.md); the rules are in macros/revenue_concentration.sql.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}

-- The run's as-of dates, whose rows the pre-hook replaces (macros/replace_by_key_config.sql).
-- depends_on: {{ ref('stg_raw__as_of_dates') }}
with

revenue_shares as (

    select * from {{ ref('int_customer_revenue_shares') }}

),

final as (

    select
        *,
        '{{ pipeline_var("config_version") }}' as config_version

    from revenue_shares

)

select * from final
