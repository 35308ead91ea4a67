{#-
    Dates relative to an as-of date, with month arithmetic (31 March - 1 month = 28/29
    February). A date, not the timestamp dateadd gives on some engines, so that comparing it
    with order dates does not cast every order date.
-#}
{% macro months_before(as_of, months) -%}
    cast({{ dbt.dateadd('month', '-' ~ months, as_of) }} as date)
{%- endmacro %}

{% macro days_before(as_of, days) -%}
    cast({{ dbt.dateadd('day', '-' ~ days, as_of) }} as date)
{%- endmacro %}

{% macro days_after(as_of, days) -%}
    cast({{ dbt.dateadd('day', days, as_of) }} as date)
{%- endmacro %}

{#- The trailing window of `months` months ending on and including the as-of date. -#}
{% macro in_window(day, as_of, months) -%}
    {{ day }} > {{ months_before(as_of, months) }} and {{ day }} <= {{ as_of }}
{%- endmacro %}

{#- The `days` days after the as-of date, excluding it (a signal's horizon, signal_backtest). -#}
{% macro in_days_after(day, as_of, days) -%}
    {{ as_of }} < {{ day }} and {{ days_after(as_of, days) }} >= {{ day }}
{%- endmacro %}

{#-
    The index of the one-month period of the window that holds `day`: period k covers
    (as_of - (k + 1) months, as_of - k months]. `as_of - m months` falls in the month of `day`
    when m is the months between them, on the day of the month of the as-of date (or that
    month's last day): `day` is on or before it unless its day of the month is later.
-#}
{% macro period_index(day, as_of) -%}
    (
        12 * (extract(year from {{ as_of }}) - extract(year from {{ day }}))
        + extract(month from {{ as_of }}) - extract(month from {{ day }})
        - case when extract(day from {{ day }}) > extract(day from {{ as_of }}) then 1 else 0 end
    )
{%- endmacro %}

{#- Whether `as_of` is one of the dates this run scores (raw.as_of_dates). -#}
{% macro is_run_as_of_date(as_of) -%}
    {{ as_of }} in (
        select run_as_of_dates.as_of_date
        from {{ ref('stg_raw__as_of_dates') }} as run_as_of_dates
    )
{%- endmacro %}
