
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select order_stability_score
from marts.customer_scores
where order_stability_score is null



  
  
      
    ) dbt_internal_test