
    
    



select relative_strength
from marts.kaism_matrix
where relative_strength is null


