// Flights between two places, drawn as a graph
// description: The flights flights_between lists, each with its origin, destination, aircraft,
//   operator and actor, as paths the Neo4j Browser draws.
// rows: flight
MATCH p = (e:Event {id: flight})-[r]->(x:Entity)
WHERE type(r) IN ['FROM', 'TO', 'VIA', 'USING', 'OPERATED_BY', 'CARRIED', 'BY']
RETURN DISTINCT p
