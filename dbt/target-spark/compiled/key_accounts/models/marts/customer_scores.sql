with

weighted_scores as (

    select * from intermediate.int_customer_scores_weighted

),

revenue_shares as (

    select * from marts.customer_revenue_shares
    where as_of_date = cast('2026-11-27' as date)

),

kaism_positions as (

    select * from intermediate.int_customer_kaism_positions

),

final as (

    select
        weighted_scores.as_of_date,
        weighted_scores.customer_id,
        weighted_scores.customer_name,
        weighted_scores.industry,
        weighted_scores.account_manager,
        weighted_scores.is_prospect,
        weighted_scores.cost_to_serve_metric,
            weighted_scores.cost_to_serve_score,
            weighted_scores.cost_to_serve_points,
        weighted_scores.current_revenue_metric,
            weighted_scores.current_revenue_score,
            weighted_scores.current_revenue_points,
        weighted_scores.order_stability_metric,
            weighted_scores.order_stability_score,
            weighted_scores.order_stability_points,
        weighted_scores.potential_revenue_metric,
            weighted_scores.potential_revenue_score,
            weighted_scores.potential_revenue_points,
        weighted_scores.product_need_metric,
            weighted_scores.product_need_score,
            weighted_scores.product_need_points,
        weighted_scores.reputation_metric,
            weighted_scores.reputation_score,
            weighted_scores.reputation_points,
        weighted_scores.revenue_growth_metric,
            weighted_scores.revenue_growth_score,
            weighted_scores.revenue_growth_points,
        weighted_scores.missing_criteria,
        weighted_scores.weighted_score,
        weighted_scores.score_rank,
        weighted_scores.tier,
        coalesce(revenue_shares.abc_class, 'C') as abc_class,
        kaism_positions.kaism_quadrant,
        coalesce(revenue_shares.is_mono_client, false) as is_mono_client,
        coalesce(revenue_shares.is_major_customer, false) as is_major_customer,
        'af1a532ba13a' as config_version

    from weighted_scores
    left join revenue_shares
        on weighted_scores.customer_id = revenue_shares.customer_id
    left join kaism_positions
        on weighted_scores.customer_id = kaism_positions.customer_id

)

select * from final