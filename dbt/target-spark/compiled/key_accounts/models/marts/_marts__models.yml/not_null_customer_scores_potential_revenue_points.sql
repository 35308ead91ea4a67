
    
    



select potential_revenue_points
from marts.customer_scores
where potential_revenue_points is null


