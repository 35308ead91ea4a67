
    
    



select is_prospect
from marts.customer_scores
where is_prospect is null


