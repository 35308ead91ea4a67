-- Catches a normalisation or weighting bug: on the as-of date, every criterion score and the
-- weighted score must lie on the configured 1..scale.

select *
from marts.customer_scores
where
    as_of_date = cast('2026-11-27' as date)
    and (
        weighted_score not between 1 and 10
        or cost_to_serve_score not between 1 and 10
        or current_revenue_score not between 1 and 10
        or order_stability_score not between 1 and 10
        or potential_revenue_score not between 1 and 10
        or product_need_score not between 1 and 10
        or reputation_score not between 1 and 10
        or revenue_growth_score not between 1 and 10
        
    )