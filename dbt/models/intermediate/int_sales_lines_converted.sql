{#- Net amount of each line in the reporting currency (DESIGN.md, "sales_lines"). -#}
{%- set reporting_currency = pipeline_var("reporting_currency") -%}

with

sales_lines as (

    select * from {{ ref('stg_raw__sales_lines') }}

),

fx_rates as (

    select * from {{ ref('stg_raw__fx_rates') }}

),

with_rates as (

    select
        sales_lines.*,
        case
            when sales_lines.currency_code = '{{ reporting_currency }}' then 1
            else fx_rates.rate_to_reporting
        end as fx_rate_to_reporting

    from sales_lines
    {{ join_fx_rate_as_of('sales_lines', 'fx_rates', 'fx_rates') }}

),

final as (

    select
        order_id,
        line_number,
        order_date,
        customer_id,
        product_id,
        quantity,
        unit_price,
        discount,
        currency_code,
        fx_rate_to_reporting,
        cast(
            quantity * unit_price * (1 - discount) * fx_rate_to_reporting as decimal(38, 6)
        ) as net_amount,
        source_file_name

    from with_rates

)

select * from final
