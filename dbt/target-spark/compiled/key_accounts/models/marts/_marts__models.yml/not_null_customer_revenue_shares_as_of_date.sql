
    
    



select as_of_date
from marts.customer_revenue_shares
where as_of_date is null


