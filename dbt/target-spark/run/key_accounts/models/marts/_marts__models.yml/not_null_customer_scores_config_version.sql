
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select config_version
from marts.customer_scores
where config_version is null



  
  
      
    ) dbt_internal_test