
    
    



select net_revenue
from intermediate.int_customer_revenue_in_window
where net_revenue is null


