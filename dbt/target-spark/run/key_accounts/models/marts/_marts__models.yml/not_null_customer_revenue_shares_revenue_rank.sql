
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select revenue_rank
from marts.customer_revenue_shares
where revenue_rank is null



  
  
      
    ) dbt_internal_test