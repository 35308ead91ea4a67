
    
    



select score_rank
from marts.customer_scores
where score_rank is null


