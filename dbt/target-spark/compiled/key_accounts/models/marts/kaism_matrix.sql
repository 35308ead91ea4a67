

with

kaism_positions as (

    select * from intermediate.int_customer_kaism_positions

),

final as (

    select
        as_of_date,
        customer_id,
        attractiveness,
        relative_strength,
        kaism_quadrant,
        share_of_wallet_metric,
        share_of_wallet_score,
        'af1a532ba13a' as config_version

    from kaism_positions

)

select * from final