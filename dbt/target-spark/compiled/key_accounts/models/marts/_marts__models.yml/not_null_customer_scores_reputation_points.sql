
    
    



select reputation_points
from marts.customer_scores
where reputation_points is null


