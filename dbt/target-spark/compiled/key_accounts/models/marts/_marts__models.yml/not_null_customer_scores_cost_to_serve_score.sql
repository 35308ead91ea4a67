
    
    



select cost_to_serve_score
from marts.customer_scores
where cost_to_serve_score is null


