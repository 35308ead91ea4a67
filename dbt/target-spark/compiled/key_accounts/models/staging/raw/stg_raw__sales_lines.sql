with

source as (

    select * from raw.sales_lines

),

renamed as (

    select
        order_id,
        line_number,
        order_date,
        customer_id,
        product_id,
        quantity,
        unit_price,
        coalesce(discount, 0) as discount,
        upper(coalesce(currency, 'EUR')) as currency_code,
        source_file_name,
        ingestion_id

    from source

)

select * from renamed