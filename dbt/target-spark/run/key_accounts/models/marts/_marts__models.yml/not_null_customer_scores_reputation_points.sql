
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select reputation_points
from marts.customer_scores
where reputation_points is null



  
  
      
    ) dbt_internal_test