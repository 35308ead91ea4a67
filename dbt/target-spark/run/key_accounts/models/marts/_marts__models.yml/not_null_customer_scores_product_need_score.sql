
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select product_need_score
from marts.customer_scores
where product_need_score is null



  
  
      
    ) dbt_internal_test