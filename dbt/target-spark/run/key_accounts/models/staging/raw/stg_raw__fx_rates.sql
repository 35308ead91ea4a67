create or replace view staging.stg_raw__fx_rates
  
  
  as
    with

source as (

    select * from raw.fx_rates

),

renamed as (

    select
        rate_date,
        upper(currency) as currency_code,
        rate_to_reporting,
        source_file_name,
        ingestion_id

    from source

)

select * from renamed
