
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select order_id
from staging.stg_raw__sales_lines
where order_id is null



  
  
      
    ) dbt_internal_test