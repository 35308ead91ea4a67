-- Catches published tables that disagree on who is in scope on an as-of date: the scored
-- customers, the revenue shares and the concentration's customer count and total must all
-- come from the same customers.
{{ config(meta={'dagster': {'ref': {'name': 'customer_scores'}}}) }}
with

scores as (

    select customer_scores.*
    from {{ ref('customer_scores') }} as customer_scores
    where {{ is_run_as_of_date('customer_scores.as_of_date') }}

),

shares as (

    select customer_revenue_shares.*
    from {{ ref('customer_revenue_shares') }} as customer_revenue_shares
    where {{ is_run_as_of_date('customer_revenue_shares.as_of_date') }}

),

concentration as (

    select revenue_concentration.*
    from {{ ref('revenue_concentration') }} as revenue_concentration
    where {{ is_run_as_of_date('revenue_concentration.as_of_date') }}

),

customers_in_one_only as (

    select
        coalesce(scores.as_of_date, shares.as_of_date) as as_of_date,
        coalesce(scores.customer_id, shares.customer_id) as customer_id

    from scores
    full outer join shares
        on
            scores.as_of_date = shares.as_of_date
            and scores.customer_id = shares.customer_id
    where scores.customer_id is null or shares.customer_id is null

),

paying_customers as (

    select
        as_of_date,
        count(*) as customer_count,
        sum(net_revenue) as total_net_revenue

    from shares
    where net_revenue > 0
    group by as_of_date

)

select 'customer in one table only: ' || customers_in_one_only.customer_id as problem
from customers_in_one_only

union all

select 'revenue_concentration counts other customers' as problem
from concentration
left join paying_customers
    on concentration.as_of_date = paying_customers.as_of_date
where
    concentration.customer_count != coalesce(paying_customers.customer_count, 0)
    or abs(concentration.total_net_revenue - coalesce(paying_customers.total_net_revenue, 0))
    > 0.01
