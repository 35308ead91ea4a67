
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    select
        customer_id, valid_from,
        count(*) as row_count
    from marts.tier_history
    group by customer_id, valid_from
    having count(*) > 1

  
  
      
    ) dbt_internal_test