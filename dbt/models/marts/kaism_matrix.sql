{#-
    One row per as-of date and scored customer: its place in the Key Account Identification
    and Selection Matrix, attractiveness against relative strength, and its quadrant.
    Published for BI.
-#}
{{ config(**replace_by_key_config('as_of_date')) }}

-- The run's as-of dates, whose rows the pre-hook replaces (macros/replace_by_key_config.sql).
-- depends_on: {{ ref('stg_raw__as_of_dates') }}
with

kaism_positions as (

    select * from {{ ref('int_customer_kaism_positions') }}

),

final as (

    select
        as_of_date,
        customer_id,
        customer_name,
        is_prospect,
        attractiveness,
        relative_strength,
        strength_basis,
        kaism_quadrant,
        kaism_strategy,
        share_of_wallet_metric,
        share_of_wallet,
        share_of_wallet_score,
        is_potential_stale,
        '{{ pipeline_var("config_version") }}' as config_version

    from kaism_positions

)

select * from final
