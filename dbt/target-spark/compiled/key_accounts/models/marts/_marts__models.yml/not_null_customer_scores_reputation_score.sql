
    
    



select reputation_score
from marts.customer_scores
where reputation_score is null


