{#-
    One row per as-of date of the run and group of customers under common control with a member
    in scope (int_customer_groups): the group's net revenue, its share of the window's revenue,
    rank and the mono-client and major flags over groups, by the rules of
    macros/revenue_concentration.sql (IFRS 8.34 / ASC 280-10-50-42 count a group as one
    customer). The group's revenue is that of its members with positive net revenue, as the
    customer shares are of the customers with positive revenue: both are shares of the same
    total, and a group of one customer has that customer's figures.
-#}

with

customer_revenue as (

    select * from {{ ref('int_customer_revenue_in_window') }}

),

customer_groups as (

    select * from {{ ref('int_customer_groups') }}

),

group_revenue as (

    select
        customer_revenue.as_of_date,
        customer_groups.group_id,
        customer_groups.group_name,
        sum(greatest(customer_revenue.net_revenue, 0)) as net_revenue,
        count(case when customer_revenue.net_revenue > 0 then 1 end) as member_count

    from customer_revenue
    inner join customer_groups
        on customer_revenue.customer_id = customer_groups.customer_id
    group by
        customer_revenue.as_of_date,
        customer_groups.group_id,
        customer_groups.group_name

),

group_shares as (

    {{ revenue_shares_by_period(
        'group_revenue',
        'as_of_date',
        key='group_id',
        mono_flag='is_mono_group',
        major_flag='is_major_group'
    ) }}

),

final as (

    select
        group_shares.as_of_date,
        group_shares.group_id,
        group_revenue.group_name,
        group_revenue.member_count,
        group_shares.net_revenue,
        group_shares.revenue_share,
        group_shares.revenue_rank,
        group_shares.is_major_group,
        group_shares.is_mono_group

    from group_shares
    inner join group_revenue
        on
            group_shares.as_of_date = group_revenue.as_of_date
            and group_shares.group_id = group_revenue.group_id

)

select * from final
