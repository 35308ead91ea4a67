{#-
    Net amount of each line in the reporting currency (docs/method.md, "Inputs").

    Incremental, and exact: a run converts only the lines whose result can have changed since
    the last build, whose rows record the last ingestion_id they had seen (ingested_through_id):
    lines merged since (new, or replacing a line with the same key), lines on or after the
    earliest date of an FX rate merged since (the rate on or before their date may be that one),
    and every line when the reporting currency changed.
-#}
{{ config(
    on_schema_change='sync_all_columns',
    **replace_by_key_config(['order_id', 'line_number']),
) }}
{%- set reporting_currency = pipeline_var("reporting_currency") -%}

with

sales_lines as (

    select * from {{ ref('stg_raw__sales_lines') }}

),

fx_rates as (

    select * from {{ ref('stg_raw__fx_rates') }}

),

-- Reads the staging models again rather than the CTEs above: DuckDB materializes a CTE that a
-- query reads twice, which here would copy the whole history.
ingested_through as (

    select max(ingestion_id) as ingested_through_id

    from (
        select ingestion_id from {{ ref('stg_raw__sales_lines') }}
        union all
        select ingestion_id from {{ ref('stg_raw__fx_rates') }}
    ) as ingestions

),

{% if is_incremental() %}
    last_build as (

        select
            coalesce(max(ingested_through_id), 0) as ingested_through_id,
            coalesce(max(reporting_currency_code), '') as reporting_currency_code

        from {{ this }}

    ),

    changed_rates as (

        select min(fx_rates.rate_date) as first_changed_rate_date

        from fx_rates
        cross join last_build
        where fx_rates.ingestion_id > last_build.ingested_through_id

    ),

    lines_to_convert as (

        select sales_lines.*

        from sales_lines
        cross join last_build
        cross join changed_rates
        where
            sales_lines.ingestion_id > last_build.ingested_through_id
            or sales_lines.order_date >= changed_rates.first_changed_rate_date
            or last_build.reporting_currency_code != '{{ reporting_currency }}'

    ),
{% else %}
    lines_to_convert as (

        select * from sales_lines

    ),
{% endif %}

with_rates as (

    select
        lines_to_convert.*,
        case
            when lines_to_convert.currency_code = '{{ reporting_currency }}' then 1
            else fx_rates.rate_to_reporting
        end as fx_rate_to_reporting

    from lines_to_convert
    {{ join_fx_rate_as_of(
        'lines_to_convert',
        'fx_rates',
        'fx_rates',
        '(select max(order_date) from ' ~ ref('stg_raw__sales_lines') ~ ')',
    ) }}

),

final as (

    select
        with_rates.order_id,
        with_rates.line_number,
        with_rates.order_date,
        with_rates.customer_id,
        with_rates.product_id,
        with_rates.quantity,
        with_rates.unit_price,
        with_rates.discount,
        with_rates.currency_code,
        with_rates.fx_rate_to_reporting,
        {{ net_amount(
            'with_rates.quantity',
            'with_rates.unit_price',
            'with_rates.discount',
            'with_rates.fx_rate_to_reporting',
        ) }} as net_amount,
        '{{ reporting_currency }}' as reporting_currency_code,
        -- The file a line came from is in the manifest (raw.ingested_files) by its ingestion_id.
        with_rates.ingestion_id,
        ingested_through.ingested_through_id

    from with_rates
    cross join ingested_through

)

select * from final
