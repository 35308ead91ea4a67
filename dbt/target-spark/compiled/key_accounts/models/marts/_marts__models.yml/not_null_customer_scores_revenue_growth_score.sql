
    
    



select revenue_growth_score
from marts.customer_scores
where revenue_growth_score is null


