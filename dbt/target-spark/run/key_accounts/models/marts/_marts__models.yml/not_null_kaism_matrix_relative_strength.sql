
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select relative_strength
from marts.kaism_matrix
where relative_strength is null



  
  
      
    ) dbt_internal_test