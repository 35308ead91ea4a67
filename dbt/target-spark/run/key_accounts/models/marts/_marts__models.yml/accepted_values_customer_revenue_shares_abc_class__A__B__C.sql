
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with all_values as (

    select
        abc_class as value_field,
        count(*) as n_records

    from marts.customer_revenue_shares
    group by abc_class

)

select *
from all_values
where value_field not in (
    'A','B','C'
)



  
  
      
    ) dbt_internal_test