
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select potential_revenue_score
from marts.customer_scores
where potential_revenue_score is null



  
  
      
    ) dbt_internal_test