
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select line_number
from staging.stg_raw__sales_lines
where line_number is null



  
  
      
    ) dbt_internal_test