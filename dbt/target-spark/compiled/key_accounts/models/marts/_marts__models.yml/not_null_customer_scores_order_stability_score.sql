
    
    



select order_stability_score
from marts.customer_scores
where order_stability_score is null


