// Actor network around an actor
// description: The actor's direct relations in both directions: whom it backs, controls,
//   operates, is present in, is allied with, opposes, leads or belongs to, and who does so to
//   it; with the strongest modality, combined confidence and the number of reports stating it.
// param actor: entity(Actor) = actor:russia — the actor (id or name)
// param relations: list = BACKS,CONTROLS,OPERATES,PRESENT_IN,ALLIED_WITH,OPPOSES,LEADS,MEMBER_OF,BASED_IN — relationship types to follow
// columns: relation, direction, other, other_id, other_kind, modality, confidence, source_count, attributed_to
MATCH (a:Actor {id: $actor})-[r:{{fact_types(Actor)}}]-(o:Entity)
WHERE type(r) IN $relations
RETURN type(r) AS relation, CASE WHEN startNode(r).id = a.id THEN 'out' ELSE 'in' END AS direction,
       o.name AS other, o.id AS other_id, o.kind AS other_kind, r.modality AS modality,
       r.confidence AS confidence, r.source_count AS source_count, r.attributed_to AS attributed_to
ORDER BY relation, direction, other, other_id
