-- Catches group figures that are not their members' (a group counted twice, a member left out
-- or one published under another group): on every as-of date of the run, each group's net
-- revenue and member count must be those of its customers with positive revenue in
-- customer_revenue_shares, every customer there must carry a group, and the groups' shares
-- must sum to 1 (within 1e-9).
{{ config(meta={'dagster': {'ref': {'name': 'customer_group_revenue_shares'}}}) }}
with

customer_shares as (

    select customer_revenue_shares.*
    from {{ ref('customer_revenue_shares') }} as customer_revenue_shares
    where {{ is_run_as_of_date('customer_revenue_shares.as_of_date') }}

),

group_shares as (

    select customer_group_revenue_shares.*
    from {{ ref('customer_group_revenue_shares') }} as customer_group_revenue_shares
    where {{ is_run_as_of_date('customer_group_revenue_shares.as_of_date') }}

),

members_by_group as (

    select
        as_of_date,
        group_id,
        sum(net_revenue) as net_revenue,
        count(*) as member_count

    from customer_shares
    where net_revenue > 0
    group by as_of_date, group_id

),

share_totals as (

    select
        as_of_date,
        sum(revenue_share) as total_share

    from group_shares
    group by as_of_date

)

select 'customer without a group: ' || customer_id as problem
from customer_shares
where group_id is null

union all

select
    'group figures differ from its members: '
    || coalesce(group_shares.group_id, members_by_group.group_id) as problem
from group_shares
full outer join members_by_group
    on
        group_shares.as_of_date = members_by_group.as_of_date
        and group_shares.group_id = members_by_group.group_id
where
    group_shares.group_id is null
    or members_by_group.group_id is null
    or group_shares.member_count != members_by_group.member_count
    or abs(group_shares.net_revenue - members_by_group.net_revenue) > 0.000001

union all

select 'group shares sum to ' || cast(total_share as {{ dbt.type_string() }}) as problem
from share_totals
where abs(total_share - 1) > 1e-9
