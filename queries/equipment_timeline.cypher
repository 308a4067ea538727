// Movement timeline of one equipment type
// description: Every event that carried the equipment (transfers, flights, voyages,
//   withdrawals, deployments), and every place it is reported deployed at (DEPLOYED_AT, dated
//   by `since`), in date order; undated rows come last.
// param equipment: entity(Equipment) = equipment:s-400 — the equipment type (id or name)
// columns: date, until, what, event, origin, destination, by, modality, source_count
CALL {
  MATCH (:Equipment {id: $equipment})<-[:CARRIED]-(e:Event)
  OPTIONAL MATCH (e)-[:FROM]->(o)
  WITH e, o ORDER BY o.name
  WITH e, collect(DISTINCT o.name) AS origin
  OPTIONAL MATCH (e)-[:TO]->(d)
  WITH e, origin, d ORDER BY d.name
  WITH e, origin, collect(DISTINCT d.name) AS destination
  OPTIONAL MATCH (e)-[:BY]->(a)
  WITH e, origin, destination, a ORDER BY a.name
  WITH e, origin, destination, collect(DISTINCT a.name) AS by
  RETURN e.date AS date, e.end_date AS until, [l IN labels(e) WHERE l <> 'Event'][0] AS what,
         e.id AS event, origin, destination, by, e.modality AS modality, e.source_count AS source_count
  UNION ALL
  MATCH (:Equipment {id: $equipment})-[f:DEPLOYED_AT]->(p)
  RETURN f.since AS date, f.until AS until, 'DEPLOYED_AT' AS what, null AS event, [] AS origin,
         [p.name] AS destination, [] AS by, f.modality AS modality, f.source_count AS source_count
}
RETURN date, until, what, event, origin, destination, by, modality, source_count
ORDER BY date, what, event, destination
