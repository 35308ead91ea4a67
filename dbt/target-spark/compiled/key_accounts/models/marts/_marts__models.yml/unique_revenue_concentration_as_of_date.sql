
    
    

select
    as_of_date as unique_field,
    count(*) as n_records

from marts.revenue_concentration
where as_of_date is not null
group by as_of_date
having count(*) > 1


