// Multi-hop supply routes, drawn as a graph
// description: The legs of every route supply_routes finds, each with its origin, destination,
//   aircraft or vessel, operator, cargo and actor, as paths the Neo4j Browser draws.
// rows: events
UNWIND events AS event_id
MATCH p = (e:Event {id: event_id})-[r]->(x:Entity)
WHERE type(r) IN ['FROM', 'TO', 'VIA', 'USING', 'OPERATED_BY', 'CARRIED', 'BY']
RETURN DISTINCT p
