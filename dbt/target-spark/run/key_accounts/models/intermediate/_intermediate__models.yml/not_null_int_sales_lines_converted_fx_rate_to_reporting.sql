
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) >0 as should_error
    from (
      
    
  
    
    



select fx_rate_to_reporting
from intermediate.int_sales_lines_converted
where fx_rate_to_reporting is null



  
  
      
    ) dbt_internal_test