{#-
    One row per customer of the master: its group, the top-level ancestor of its chain of
    parents (parent_customer_id, the parent under common control; a customer without a parent is
    its own group), the top-level customer's name, and the steps from the customer up to it (0
    for a top-level customer). IFRS 8.34 / ASC 280-10-50-42 count a group as one customer: the
    group figures of int_customer_group_revenue_shares add up its members.

    The customers suite keeps every parent in the same snapshot and refuses a cycle; whatever
    the data, the walk up a chain stops after max_depth steps, and the test
    assert_customer_groups_reach_the_top fails the build if a chain was cut there.
-#}
{#- Ownership chains are a few levels deep; Spark stops a recursion at 100 levels by default. -#}
{%- set max_depth = 50 -%}

with recursive

customers as (

    select * from {{ ref('stg_raw__customers') }}

),

-- Each customer with itself (depth 0) and every ancestor up its chain, one level a step.
ancestors as (

    select
        customers.customer_id,
        customers.customer_id as ancestor_id,
        customers.customer_name as ancestor_name,
        customers.parent_customer_id as ancestor_parent_id,
        0 as group_depth

    from customers

    union all

    select
        ancestors.customer_id,
        parents.customer_id as ancestor_id,
        parents.customer_name as ancestor_name,
        parents.parent_customer_id as ancestor_parent_id,
        ancestors.group_depth + 1 as group_depth

    from ancestors
    inner join customers as parents
        on ancestors.ancestor_parent_id = parents.customer_id
    where ancestors.group_depth < {{ max_depth }}

),

-- The furthest ancestor reached is the top of the chain.
ranked_ancestors as (

    select
        *,
        row_number() over (partition by customer_id order by group_depth desc) as ancestor_rank

    from ancestors

),

final as (

    select
        customer_id,
        ancestor_id as group_id,
        ancestor_name as group_name,
        cast(group_depth as bigint) as group_depth

    from ranked_ancestors
    where ancestor_rank = 1

)

select * from final
