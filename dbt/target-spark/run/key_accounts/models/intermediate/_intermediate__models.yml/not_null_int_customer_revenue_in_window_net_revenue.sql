
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select net_revenue
from intermediate.int_customer_revenue_in_window
where net_revenue is null



  
  
      
    ) dbt_internal_test