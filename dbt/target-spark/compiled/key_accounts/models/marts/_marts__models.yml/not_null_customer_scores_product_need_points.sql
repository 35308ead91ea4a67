
    
    



select product_need_points
from marts.customer_scores
where product_need_points is null


