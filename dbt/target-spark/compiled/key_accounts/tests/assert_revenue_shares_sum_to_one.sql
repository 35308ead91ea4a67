-- Catches shares that do not add up: on every as-of date with revenue, the shares of
-- the customers with positive net revenue must sum to 1 (within 1e-9), and the last
-- cumulative share must be 1.
with

shares_by_date as (

    select
        as_of_date,
        sum(revenue_share) as total_share,
        max(cumulative_share) as final_cumulative_share

    from marts.customer_revenue_shares
    group by as_of_date
    having sum(case when net_revenue > 0 then 1 else 0 end) > 0

)

select *
from shares_by_date
where
    abs(total_share - 1) > 1e-9
    or abs(final_cumulative_share - 1) > 1e-9