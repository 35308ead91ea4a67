with

sales_lines as (

    select * from staging.stg_raw__sales_lines

),

fx_rates as (

    select * from staging.stg_raw__fx_rates

),

-- Reads the staging models again rather than the CTEs above: DuckDB materializes a CTE that a
-- query reads twice, which here would copy the whole history.
ingested_through as (

    select max(ingestion_id) as ingested_through_id

    from (
        select ingestion_id from staging.stg_raw__sales_lines
        union all
        select ingestion_id from staging.stg_raw__fx_rates
    ) as ingestions

),


    lines_to_convert as (

        select * from sales_lines

    ),


with_rates as (

    select
        lines_to_convert.*,
        case
            when lines_to_convert.currency_code = 'EUR' then 1
            else fx_rates.rate_to_reporting
        end as fx_rate_to_reporting

    from lines_to_convert
    left join (select
        currency_code,
        rate_date,
        rate_to_reporting,
        lead(rate_date) over (partition by currency_code order by rate_date) as next_rate_date
    from (
        select
            currency_code,
            rate_date,
            rate_to_reporting,
            row_number() over (
                partition by currency_code, rate_date order by ingestion_id desc
            ) as delivery_rank
        from fx_rates
    ) as delivered_rates
    where delivery_rank = 1) as fx_rates
        on lines_to_convert.currency_code = fx_rates.currency_code
        and lines_to_convert.order_date >= fx_rates.rate_date
        and (fx_rates.next_rate_date is null or lines_to_convert.order_date < fx_rates.next_rate_date)

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
        case
        when
            abs((cast(with_rates.quantity as double) * cast(with_rates.unit_price as double)
        * (1 - cast(with_rates.discount as double)) * cast(with_rates.fx_rate_to_reporting as double))) < 100000
            and abs((cast(with_rates.quantity as double) * cast(with_rates.unit_price as double)
        * (1 - cast(with_rates.discount as double)) * cast(with_rates.fx_rate_to_reporting as double)) * 1000000 - floor((cast(with_rates.quantity as double) * cast(with_rates.unit_price as double)
        * (1 - cast(with_rates.discount as double)) * cast(with_rates.fx_rate_to_reporting as double)) * 1000000) - 0.5) > 0.001
            then cast((cast(with_rates.quantity as double) * cast(with_rates.unit_price as double)
        * (1 - cast(with_rates.discount as double)) * cast(with_rates.fx_rate_to_reporting as double)) as decimal(38, 6))
        else cast(with_rates.quantity * with_rates.unit_price * (1 - with_rates.discount) * with_rates.fx_rate_to_reporting as decimal(38, 6))
    end as net_amount,
        'EUR' as reporting_currency_code,
        -- The file a line came from is in the manifest (raw.ingested_files) by its ingestion_id.
        with_rates.ingestion_id,
        ingested_through.ingested_through_id

    from with_rates
    cross join ingested_through

)

select * from final