
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    select
        rate_date, currency_code,
        count(*) as row_count
    from staging.stg_raw__fx_rates
    group by rate_date, currency_code
    having count(*) > 1

  
  
      
    ) dbt_internal_test