-- Catches published tables that disagree on who is in scope on the as-of date: the scored
-- customers, the revenue shares and the concentration's customer count and total must all
-- come from the same customers.
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
with

scores as (

    select * from {{ ref('customer_scores') }}
    where as_of_date = {{ as_of_date() }}

),

shares as (

    select * from {{ ref('customer_revenue_shares') }}
    where as_of_date = {{ as_of_date() }}

),

concentration as (

    select * from {{ ref('revenue_concentration') }}
    where as_of_date = {{ as_of_date() }}

),

customers_in_one_only as (

    select coalesce(scores.customer_id, shares.customer_id) as customer_id

    from scores
    full outer join shares
        on scores.customer_id = shares.customer_id
    where scores.customer_id is null or shares.customer_id is null

),

paying_customers as (

    select
        count(*) as customer_count,
        sum(net_revenue) as total_net_revenue

    from shares
    where net_revenue > 0

)

select 'customer in one table only: ' || customers_in_one_only.customer_id as problem
from customers_in_one_only

union all

select 'revenue_concentration counts other customers' as problem
from concentration
cross join paying_customers
where
    concentration.customer_count != paying_customers.customer_count
    or abs(concentration.total_net_revenue - coalesce(paying_customers.total_net_revenue, 0))
    > 0.01
