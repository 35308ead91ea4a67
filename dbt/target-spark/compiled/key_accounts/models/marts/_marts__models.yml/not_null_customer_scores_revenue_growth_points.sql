
    
    



select revenue_growth_points
from marts.customer_scores
where revenue_growth_points is null


