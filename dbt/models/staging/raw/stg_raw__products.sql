with

source as (

    select * from {{ source('raw', 'products') }}

),

renamed as (

    select
        product_id,
        product_name,
        category as product_category,
        source_file_name

    from source

)

select * from renamed
