
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  -- Catches an ABC rule applied to the share *including* the customer instead of the share before
-- it: the largest paying customer of every as-of date must be class A, whatever its share.
select *
from marts.customer_revenue_shares
where
    revenue_rank = 1
    and net_revenue > 0
    and abc_class != 'A'
  
  
      
    ) dbt_internal_test