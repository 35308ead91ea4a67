
    
    



select cost_to_serve_points
from marts.customer_scores
where cost_to_serve_points is null


