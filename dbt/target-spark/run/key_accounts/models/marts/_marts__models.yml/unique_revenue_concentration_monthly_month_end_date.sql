
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    month_end_date as unique_field,
    count(*) as n_records

from marts.revenue_concentration_monthly
where month_end_date is not null
group by month_end_date
having count(*) > 1



  
  
      
    ) dbt_internal_test