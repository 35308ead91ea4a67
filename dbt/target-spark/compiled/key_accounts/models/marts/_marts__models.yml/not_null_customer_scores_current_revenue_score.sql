
    
    



select current_revenue_score
from marts.customer_scores
where current_revenue_score is null


