with

source as (

    select * from raw.service_costs

),

renamed as (

    select
        customer_id,
        cost_date,
        lower(cost_type) as cost_type,
        amount,
        source_file_name

    from source

)

select * from renamed