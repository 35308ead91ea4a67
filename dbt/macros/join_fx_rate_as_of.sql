{#-
    Joins each row of `rows_alias` (a relation with currency_code and order_date) to the rate of
    its currency on or before its date; `last_date` is an expression for the latest order_date
    the rows can have. The default is a range join on each rate's validity.
-#}
{% macro join_fx_rate_as_of(rows_alias, rates_alias, rates_relation, last_date) -%}
    {{ return(adapter.dispatch('join_fx_rate_as_of', 'key_accounts')(rows_alias, rates_alias, rates_relation, last_date)) }}
{%- endmacro %}

{#-
    DuckDB: the rates spread over every day they apply to, up to last_date, so each
    row finds its rate by an equality join on a small table: several times cheaper on a large
    history than an ASOF join, which sorts every row.
-#}
{% macro duckdb__join_fx_rate_as_of(rows_alias, rates_alias, rates_relation, last_date) -%}
    left join (
        select
            currency_code,
            cast(unnest(generate_series(
                rate_date,
                coalesce(
                    next_rate_date - 1,
                    greatest(rate_date, {{ last_date }})
                ),
                interval 1 day
            )) as date) as rate_day,
            rate_to_reporting
        from ({{ fx_rate_periods(rates_relation) }}) as rate_periods
    ) as {{ rates_alias }}
        on {{ rows_alias }}.currency_code = {{ rates_alias }}.currency_code
        and {{ rows_alias }}.order_date = {{ rates_alias }}.rate_day
{%- endmacro %}

{% macro default__join_fx_rate_as_of(rows_alias, rates_alias, rates_relation, last_date) -%}
    left join ({{ fx_rate_periods(rates_relation) }}) as {{ rates_alias }}
        on {{ rows_alias }}.currency_code = {{ rates_alias }}.currency_code
        and {{ rows_alias }}.order_date >= {{ rates_alias }}.rate_date
        and ({{ rates_alias }}.next_rate_date is null or {{ rows_alias }}.order_date < {{ rates_alias }}.next_rate_date)
{%- endmacro %}

{#-
    Each rate with the date the next one of its currency starts (null for the last). Two rows for
    one currency and date (the same code delivered in other letter cases) keep the later delivery.
-#}
{% macro fx_rate_periods(rates_relation) -%}
    select
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
        from {{ rates_relation }}
    ) as delivered_rates
    where delivery_rank = 1
{%- endmacro %}
