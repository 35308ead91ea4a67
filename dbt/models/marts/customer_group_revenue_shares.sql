{#-
    One row per as-of date and group of customers under common control with positive net revenue
    in the window: its members' revenue, its share, rank and the mono-client and major flags over
    groups (docs/method.md, "Concentration": IFRS 8.34 / ASC 280-10-50-42 count a group as one
    customer); the rules are in macros/revenue_concentration.sql. A customer without a parent is
    a group of its own.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}

-- The run's as-of dates, whose rows the pre-hook replaces (macros/replace_by_key_config.sql).
-- depends_on: {{ ref('stg_raw__as_of_dates') }}
with

group_shares as (

    select * from {{ ref('int_customer_group_revenue_shares') }}

),

final as (

    select
        *,
        '{{ pipeline_var("config_version") }}' as config_version

    from group_shares
    where net_revenue > 0

)

select * from final
