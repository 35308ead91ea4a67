
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select customer_id
from marts.customer_revenue_shares
where customer_id is null



  
  
      
    ) dbt_internal_test