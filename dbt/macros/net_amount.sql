{#-
    A line's net amount in the reporting currency, quantity × unit_price × (1 − discount) × rate,
    rounded to 6 decimals (docs/method.md, "Inputs"), exactly as the decimal product would be.

    The decimal product has 26 decimals and rounding it costs most of the conversion of a large
    history, so the double product is used wherever it provably rounds the same: below 100,000
    its error is under 1e-10, far less than the 1e-9 it must stay from a half micro-unit to round
    the same way. Lines near a half micro-unit, or larger, take the exact decimal path.
-#}
{% macro net_amount(quantity, unit_price, discount, fx_rate) -%}
    {%- set approximate -%}
        (cast({{ quantity }} as double) * cast({{ unit_price }} as double)
        * (1 - cast({{ discount }} as double)) * cast({{ fx_rate }} as double))
    {%- endset -%}
    case
        when
            abs({{ approximate }}) < 100000
            and abs({{ approximate }} * 1000000 - floor({{ approximate }} * 1000000) - 0.5) > 0.001
            then cast({{ approximate }} as decimal(38, 6))
        else cast({{ quantity }} * {{ unit_price }} * (1 - {{ discount }}) * {{ fx_rate }} as decimal(38, 6))
    end
{%- endmacro %}
