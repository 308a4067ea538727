// Equipment moved out of a place since a date
// description: Equipment carried by events that left the place, any base or place located in
//   it (at any depth: Khmeimim -> Latakia -> Syria), or the place itself, on or after `since`;
//   where it went and who moved it. One row per event and piece of equipment. An event with a
//   coarse date (2024-12) counts when it may fall on or after `since`; undated events are left out.
// param place: entity(Place,Base) = place:syria — the country, region or base the equipment left (id or name)
// param since: date = 2024-12-08 — earliest date, ISO (YYYY, YYYY-MM or YYYY-MM-DD)
// columns: date, event, type, equipment, category, origin, destination, by, modality, source_count
MATCH (area:Entity {id: $place})
MATCH (start:Entity)-[:LOCATED_IN*0..6]->(area)
MATCH (e:Event)-[:FROM]->(start)
WITH DISTINCT e, coalesce(e.end_date, e.date) AS latest
WHERE latest IS NOT NULL AND latest >= left($since, size(latest))
MATCH (e)-[:CARRIED]->(eq:Equipment)
OPTIONAL MATCH (e)-[:FROM]->(o)
WITH e, eq, o ORDER BY o.name
WITH e, eq, collect(DISTINCT o.name) AS origin
OPTIONAL MATCH (e)-[:TO]->(d)
WITH e, eq, origin, d ORDER BY d.name
WITH e, eq, origin, collect(DISTINCT d.name) AS destination
OPTIONAL MATCH (e)-[:BY]->(a)
WITH e, eq, origin, destination, a ORDER BY a.name
WITH e, eq, origin, destination, collect(DISTINCT a.name) AS by
RETURN e.date AS date, e.id AS event, [l IN labels(e) WHERE l <> 'Event'][0] AS type,
       eq.name AS equipment, eq.category AS category, origin, destination, by,
       e.modality AS modality, e.source_count AS source_count
ORDER BY date, event, equipment
