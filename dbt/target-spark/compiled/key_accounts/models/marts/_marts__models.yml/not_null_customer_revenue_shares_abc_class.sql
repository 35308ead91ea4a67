
    
    



select abc_class
from marts.customer_revenue_shares
where abc_class is null


