
    
    



select weighted_score
from marts.customer_scores
where weighted_score is null


