
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select kaism_quadrant
from marts.customer_scores
where kaism_quadrant is null



  
  
      
    ) dbt_internal_test