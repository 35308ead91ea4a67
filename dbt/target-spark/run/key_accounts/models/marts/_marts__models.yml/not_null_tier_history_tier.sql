
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select tier
from marts.tier_history
where tier is null



  
  
      
    ) dbt_internal_test