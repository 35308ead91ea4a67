
    
    



select order_stability_points
from marts.customer_scores
where order_stability_points is null


