create or replace view staging.stg_raw__customers
  
  
  as
    with

source as (

    select * from raw.customers

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
        source_file_name

    from source

)

select * from renamed
