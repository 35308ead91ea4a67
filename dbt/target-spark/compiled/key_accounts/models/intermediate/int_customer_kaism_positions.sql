with

weighted_scores as (

    select * from intermediate.int_customer_scores_weighted

),

factor_scores as (

    select
        *,
        case
        when share_of_wallet_metric is null then 1
        when count(share_of_wallet_metric) over () = 1 then 10
        else 1 + (10 - 1) * percent_rank() over (
            partition by share_of_wallet_metric is null
            order by round(share_of_wallet_metric, 6) asc
        )
    end as share_of_wallet_score

    from weighted_scores

),

axes as (

    select
        as_of_date,
        customer_id,
        share_of_wallet_metric,
        share_of_wallet_score,
        round((1.0 * cost_to_serve_score + 1.0 * potential_revenue_score + 1.0 * reputation_score + 1.0 * revenue_growth_score) / 4.0, 6) as attractiveness,
        round((1.0 * order_stability_score + 1.0 * product_need_score + 1.0 * share_of_wallet_score) / 3.0, 6) as relative_strength

    from factor_scores

),

final as (

    select
        *,
        case
            when attractiveness >= 5.5 and relative_strength >= 5.5 then 'strategic'
            when attractiveness >= 5.5 then 'star'
            when relative_strength >= 5.5 then 'status'
            else 'streamline'
        end as kaism_quadrant

    from axes

)

select * from final