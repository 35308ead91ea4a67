{#-
    One row per as-of date: how concentrated the window's revenue is (README "Reading the
    published file");
    the rules are in macros/revenue_concentration.sql. A day without paying customers still has
    its row, with a total of 0 and no figures.
-#}
{{ config(**replace_by_key('as_of_date')) }}

with

as_of_dates as (

    select * from {{ ref('stg_raw__as_of_dates') }}

),

-- This run's dates of the revenue shares (the mart keeps every scored date).
revenue_shares as (

    select customer_revenue_shares.*

    from {{ ref('customer_revenue_shares') }} as customer_revenue_shares
    inner join as_of_dates
        on customer_revenue_shares.as_of_date = as_of_dates.as_of_date

),

figures as (

    {{ concentration_by_period('revenue_shares', 'as_of_date') }}

),

final as (

    select
        as_of_dates.as_of_date,
        coalesce(figures.total_net_revenue, 0) as total_net_revenue,
        coalesce(figures.customer_count, 0) as customer_count,
        figures.hhi,
        figures.effective_customers,
        figures.top1_share,
        figures.top5_share,
        figures.top10_share,
        figures.top20pct_share,
        figures.gini,
        figures.mono_client_id,
        coalesce(figures.major_customer_count, 0) as major_customer_count,
        '{{ pipeline_var("config_version") }}' as config_version

    from as_of_dates
    left join figures
        on as_of_dates.as_of_date = figures.as_of_date

)

select * from final
