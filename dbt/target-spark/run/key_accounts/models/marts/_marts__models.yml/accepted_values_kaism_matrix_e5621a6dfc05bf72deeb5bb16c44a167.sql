
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        kaism_quadrant as value_field,
        count(*) as n_records

    from marts.kaism_matrix
    group by kaism_quadrant

)

select *
from all_values
where value_field not in (
    'strategic','star','status','streamline'
)



  
  
      
    ) dbt_internal_test