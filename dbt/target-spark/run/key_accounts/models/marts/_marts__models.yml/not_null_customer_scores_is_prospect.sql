
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select is_prospect
from marts.customer_scores
where is_prospect is null



  
  
      
    ) dbt_internal_test