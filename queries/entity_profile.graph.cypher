// Everything said about one entity, drawn as a graph
// description: The entity with every fact and event entity_profile lists; each event comes with
//   the places, craft, cargo and actors it names.
// rows: relation, other_id
MATCH p = (:Entity {id: $entity})-[r]-(o {id: other_id})
WHERE type(r) = relation
OPTIONAL MATCH roles = (o:Event)-[s]->(x:Entity)
RETURN DISTINCT p, roles
