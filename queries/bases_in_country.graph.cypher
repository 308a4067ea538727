// Bases in a country, drawn as a graph
// description: The bases bases_in_country lists, with the place they lie in, what is deployed
//   there and who operates, controls or is present at them.
// rows: base_id
MATCH p = (b:Base {id: base_id})-[r:LOCATED_IN|DEPLOYED_AT|OPERATES|CONTROLS|PRESENT_IN|BASED_IN]-(x:Entity)
RETURN DISTINCT p
