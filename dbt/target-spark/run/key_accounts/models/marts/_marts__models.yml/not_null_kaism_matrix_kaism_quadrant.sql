
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select kaism_quadrant
from marts.kaism_matrix
where kaism_quadrant is null



  
  
      
    ) dbt_internal_test