
    select
        rate_date, currency_code,
        count(*) as row_count
    from staging.stg_raw__fx_rates
    group by rate_date, currency_code
    having count(*) > 1
