with

source as (

    select * from {{ source('raw', 'account_overrides') }}

),

renamed as (

    select
        customer_id,
        tier,
        reason as override_reason,
        owner as override_owner,
        review_date,
        source_file_name

    from source

)

select * from renamed
