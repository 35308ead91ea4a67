
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    select
        as_of_date, account_manager,
        count(*) as row_count
    from marts.kam_portfolio
    group by as_of_date, account_manager
    having count(*) > 1

  
  
      
    ) dbt_internal_test