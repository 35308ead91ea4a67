
    
    



select product_need_score
from marts.customer_scores
where product_need_score is null


