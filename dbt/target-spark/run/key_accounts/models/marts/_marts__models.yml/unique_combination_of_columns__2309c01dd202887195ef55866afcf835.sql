
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    select
        as_of_date, revenue_rank,
        count(*) as row_count
    from marts.customer_revenue_shares
    group by as_of_date, revenue_rank
    having count(*) > 1

  
  
      
    ) dbt_internal_test