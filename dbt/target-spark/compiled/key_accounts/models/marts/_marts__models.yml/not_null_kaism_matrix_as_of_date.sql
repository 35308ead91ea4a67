
    
    



select as_of_date
from marts.kaism_matrix
where as_of_date is null


