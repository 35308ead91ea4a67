-- Catches an ABC rule applied to the share *including* the customer instead of the share before
-- it: the largest paying customer of every as-of date must be class A, whatever its share.
select *
from marts.customer_revenue_shares
where
    revenue_rank = 1
    and net_revenue > 0
    and abc_class != 'A'