with

source as (

    select * from {{ source('raw', 'account_assessments') }}

),

renamed as (

    select
        customer_id,
        factor,
        cast(rating as double) as rating,
        assessed_on,
        assessor,
        source_file_name

    from source

)

select * from renamed
