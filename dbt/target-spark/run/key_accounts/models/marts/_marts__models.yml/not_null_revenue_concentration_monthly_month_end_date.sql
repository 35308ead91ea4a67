
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select month_end_date
from marts.revenue_concentration_monthly
where month_end_date is null



  
  
      
    ) dbt_internal_test