// Actor network around an actor, drawn as a graph
// description: The actor and every relationship actor_network lists, as paths the Neo4j Browser
//   draws (the relationships keep their modality, sources and evidence).
// rows: relation, other_id
MATCH p = (:Actor {id: $actor})-[r:{{fact_types(Actor)}}]-(o:Entity {id: other_id})
WHERE type(r) = relation
RETURN DISTINCT p
