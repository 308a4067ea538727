// Corroborated events, drawn as a graph
// description: The events corroborated_events lists with the reports that tell them, the
//   observed movements that corroborate them and the places, craft and actors they name.
// rows: event
MATCH p = (e:Event {id: event})-[r]-(x)
WHERE (x:Report AND type(r) = 'REPORTS') OR (x:Entity AND startNode(r) = e) OR type(r) = 'CORROBORATED_BY'
RETURN DISTINCT p
