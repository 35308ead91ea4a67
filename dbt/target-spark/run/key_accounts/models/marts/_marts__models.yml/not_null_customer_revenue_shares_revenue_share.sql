
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select revenue_share
from marts.customer_revenue_shares
where revenue_share is null



  
  
      
    ) dbt_internal_test