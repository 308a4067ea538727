// Movement timeline of one equipment type, drawn as a graph
// description: The events equipment_timeline lists, each with its origin, destination, actor
//   and the equipment, as paths the Neo4j Browser draws.
// rows: event
MATCH p = (e:Event {id: event})-[r]->(x:Entity)
WHERE type(r) IN ['FROM', 'TO', 'VIA', 'USING', 'OPERATED_BY', 'CARRIED', 'BY']
RETURN DISTINCT p
