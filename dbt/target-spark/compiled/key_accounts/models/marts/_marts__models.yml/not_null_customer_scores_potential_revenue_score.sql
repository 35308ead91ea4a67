
    
    



select potential_revenue_score
from marts.customer_scores
where potential_revenue_score is null


