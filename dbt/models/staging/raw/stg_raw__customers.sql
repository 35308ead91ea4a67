with

source as (

    select * from {{ source('raw', 'customers') }}

),

renamed as (

    select
        customer_id,
        customer_name,
        industry,
        upper(country) as country_code,
        account_manager,
        is_industry_leader,
        reputation_score,
        estimated_annual_potential,
        parent_customer_id,
        source_file_name

    from source

)

select * from renamed
