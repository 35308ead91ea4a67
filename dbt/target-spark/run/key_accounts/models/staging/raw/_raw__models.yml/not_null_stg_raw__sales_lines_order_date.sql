
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select order_date
from staging.stg_raw__sales_lines
where order_date is null



  
  
      
    ) dbt_internal_test