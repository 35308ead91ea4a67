{#-
    One row per as-of date of the run and customer in scope: its share of the window's net
    revenue, rank, ABC class and the mono-client and major-customer flags, by the rules of
    macros/revenue_concentration.sql. The published shares and the tier rule (a major customer is
    key) both read it.
-#}

with

customer_revenue as (

    select * from {{ ref('int_customer_revenue_in_window') }}

),

final as (

    {{ revenue_shares_by_period('customer_revenue', 'as_of_date') }}

)

select * from final
