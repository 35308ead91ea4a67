
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select cost_to_serve_score
from marts.customer_scores
where cost_to_serve_score is null



  
  
      
    ) dbt_internal_test