{#-
    Joins each row of `rows_relation` to the rate of its currency on or before its date.
    DuckDB has an ASOF join for this; other engines use a range join on each rate's validity.
-#}
{% macro join_fx_rate_as_of(rows_alias, rates_alias, rates_relation) -%}
    {{ return(adapter.dispatch('join_fx_rate_as_of', 'key_accounts')(rows_alias, rates_alias, rates_relation)) }}
{%- endmacro %}

{% macro duckdb__join_fx_rate_as_of(rows_alias, rates_alias, rates_relation) -%}
    asof left join {{ rates_relation }} as {{ rates_alias }}
        on {{ rows_alias }}.currency_code = {{ rates_alias }}.currency_code
        and {{ rows_alias }}.order_date >= {{ rates_alias }}.rate_date
{%- endmacro %}

{% macro default__join_fx_rate_as_of(rows_alias, rates_alias, rates_relation) -%}
    left join (
        select
            currency_code,
            rate_date,
            rate_to_reporting,
            lead(rate_date) over (partition by currency_code order by rate_date) as next_rate_date
        from {{ rates_relation }}
    ) as {{ rates_alias }}
        on {{ rows_alias }}.currency_code = {{ rates_alias }}.currency_code
        and {{ rows_alias }}.order_date >= {{ rates_alias }}.rate_date
        and ({{ rates_alias }}.next_rate_date is null or {{ rows_alias }}.order_date < {{ rates_alias }}.next_rate_date)
{%- endmacro %}
