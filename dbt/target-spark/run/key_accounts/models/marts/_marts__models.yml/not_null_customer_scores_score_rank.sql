
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select score_rank
from marts.customer_scores
where score_rank is null



  
  
      
    ) dbt_internal_test