
    
    

with all_values as (

    select
        cost_type as value_field,
        count(*) as n_records

    from staging.stg_raw__service_costs
    group by cost_type

)

select *
from all_values
where value_field not in (
    'delivery','support','returns','visit','other'
)


