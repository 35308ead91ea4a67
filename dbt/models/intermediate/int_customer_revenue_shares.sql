{#-
    One row per as-of date of the run and customer in scope: its share of the window's net
    revenue, rank, ABC class and the mono-client and major-customer flags, by the rules of
    macros/revenue_concentration.sql; then its group's share and flags
    (int_customer_group_revenue_shares) and whether it is the group's largest member. The
    published shares and the tier rule both read it.

    is_major_for_tiers is the tier rule's major customer (docs/method.md "Concentration"): a major
    customer, or the largest member of a major group, so that a group a CFO discloses as one
    customer has a KAM even when no member alone reaches the line. It is decided here only.
-#}

with

customer_revenue as (

    select * from {{ ref('int_customer_revenue_in_window') }}

),

customer_groups as (

    select * from {{ ref('int_customer_groups') }}

),

group_shares as (

    select * from {{ ref('int_customer_group_revenue_shares') }}

),

customer_shares as (

    {{ revenue_shares_by_period('customer_revenue', 'as_of_date') }}

),

-- The member with the most net revenue in the window, ties by customer_id. Left joins: every
-- customer in scope keeps its row, the scope of every published table.
group_members as (

    select
        customer_shares.*,
        customer_groups.group_id,
        row_number() over (
            partition by customer_shares.as_of_date, customer_groups.group_id
            order by customer_shares.net_revenue desc, customer_shares.customer_id asc
        ) = 1 as is_largest_in_group

    from customer_shares
    left join customer_groups
        on customer_shares.customer_id = customer_groups.customer_id

),

final as (

    select
        group_members.as_of_date,
        group_members.customer_id,
        group_members.net_revenue,
        group_members.revenue_share,
        group_members.cumulative_share,
        group_members.revenue_rank,
        group_members.abc_class,
        group_members.is_mono_client,
        group_members.is_major_customer,
        group_members.group_id,
        group_shares.revenue_share as group_revenue_share,
        group_shares.is_mono_group,
        group_shares.is_major_group,
        group_members.is_largest_in_group,
        (
            group_members.is_major_customer
            or (group_shares.is_major_group and group_members.is_largest_in_group)
        ) as is_major_for_tiers

    from group_members
    left join group_shares
        on
            group_members.as_of_date = group_shares.as_of_date
            and group_members.group_id = group_shares.group_id

)

select * from final
