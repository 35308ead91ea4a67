-- Catches an explanation that does not add up: a customer's weighted score must be the sum of
-- its criteria's points (within the 6-decimal rounding of the score).

select *
from marts.customer_scores
where
    as_of_date = cast('2026-11-27' as date)
    and abs(weighted_score - (cost_to_serve_points + current_revenue_points + order_stability_points + potential_revenue_points + product_need_points + reputation_points + revenue_growth_points)) > 1e-6