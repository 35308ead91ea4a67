
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select abc_class
from marts.customer_revenue_shares
where abc_class is null



  
  
      
    ) dbt_internal_test