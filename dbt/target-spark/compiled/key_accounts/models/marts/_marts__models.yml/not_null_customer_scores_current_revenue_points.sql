
    
    



select current_revenue_points
from marts.customer_scores
where current_revenue_points is null


