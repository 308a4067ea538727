// Equipment moved out of a place, drawn as a graph
// description: The movements equipment_moved_out lists, each with the equipment carried, its
//   origin, destination and the actor moving it, as paths the Neo4j Browser draws.
// rows: event
MATCH p = (e:Event {id: event})-[r]->(x:Entity)
WHERE type(r) IN ['FROM', 'TO', 'VIA', 'USING', 'OPERATED_BY', 'CARRIED', 'BY']
RETURN DISTINCT p
