
    
    



select kaism_quadrant
from marts.customer_scores
where kaism_quadrant is null


