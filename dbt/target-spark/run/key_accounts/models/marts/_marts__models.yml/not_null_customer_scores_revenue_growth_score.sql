
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select revenue_growth_score
from marts.customer_scores
where revenue_growth_score is null



  
  
      
    ) dbt_internal_test