
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select attractiveness
from marts.kaism_matrix
where attractiveness is null



  
  
      
    ) dbt_internal_test