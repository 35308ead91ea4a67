
    
    



select as_of_date
from marts.kam_portfolio
where as_of_date is null


