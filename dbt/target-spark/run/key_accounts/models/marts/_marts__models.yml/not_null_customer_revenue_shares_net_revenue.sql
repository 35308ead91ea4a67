
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select net_revenue
from marts.customer_revenue_shares
where net_revenue is null



  
  
      
    ) dbt_internal_test