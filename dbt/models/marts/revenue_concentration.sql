{#-
    One row per as-of date: how concentrated the window's revenue is (docs/published-tables.md), over customers and over groups of customers under common control;
    the rules are in macros/revenue_concentration.sql. A day without paying customers still has
    its row, with a total of 0 and no figures.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}

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

-- This run's dates of the groups' shares (customer_group_revenue_shares: groups with revenue).
group_shares as (

    select customer_group_revenue_shares.*

    from {{ ref('customer_group_revenue_shares') }} as customer_group_revenue_shares
    inner join as_of_dates
        on customer_group_revenue_shares.as_of_date = as_of_dates.as_of_date

),

figures as (

    {{ concentration_by_period('revenue_shares', 'as_of_date') }}

),

-- The same figures over groups of customers under common control, one customer each.
group_figures as (

    {{ concentration_by_period(
        'group_shares',
        'as_of_date',
        key='group_id',
        mono_flag='is_mono_group',
        major_flag='is_major_group'
    ) }}

),

largest_groups as (

    select
        as_of_date,
        group_id

    from group_shares
    where revenue_rank = 1

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
        coalesce(group_figures.customer_count, 0) as group_count,
        group_figures.hhi as group_hhi,
        group_figures.effective_customers as effective_groups,
        group_figures.top1_share as group_top1_share,
        largest_groups.group_id as top1_group_id,
        group_figures.mono_client_id as mono_group_id,
        coalesce(group_figures.major_customer_count, 0) as major_group_count,
        '{{ pipeline_var("config_version") }}' as config_version

    from as_of_dates
    left join figures
        on as_of_dates.as_of_date = figures.as_of_date
    left join group_figures
        on as_of_dates.as_of_date = group_figures.as_of_date
    left join largest_groups
        on as_of_dates.as_of_date = largest_groups.as_of_date

)

select * from final
