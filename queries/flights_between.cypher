// Flights between two places in a date range
// description: Flight events from one place to another (each side matches the place itself and
//   every base or place located in it), and back again unless `both_ways` is false, whose
//   (possibly coarse) date may fall between `since` and `until` inclusive (undated flights always
//   count); with the number of
//   trips, the airframes, operators and the number of reports.
// param from: entity(Place,Base) = place:syria — origin country, region or base (id or name)
// param to: entity(Place,Base) = place:libya — destination country, region or base (id or name)
// param since: date = 1900 — earliest date, ISO
// param until: date = 2100 — latest date, ISO
// param both_ways: bool = true — also list flights from `to` back to `from`
// columns: date, flight, direction, origin, destination, trips, aircraft, operators, modality, source_count
CALL {
  MATCH (:Entity {id: $from})<-[:LOCATED_IN*0..6]-(:Entity)<-[:FROM]-(e:Flight)
        -[:TO]->(:Entity)-[:LOCATED_IN*0..6]->(:Entity {id: $to})
  RETURN DISTINCT e, 'outbound' AS direction
  UNION
  MATCH (:Entity {id: $to})<-[:LOCATED_IN*0..6]-(:Entity)<-[:FROM]-(e:Flight)
        -[:TO]->(:Entity)-[:LOCATED_IN*0..6]->(:Entity {id: $from})
  WHERE $both_ways
  RETURN DISTINCT e, 'return' AS direction
}
WITH e, direction, coalesce(e.end_date, e.date) AS latest
WHERE latest IS NULL OR (latest >= left($since, size(latest)) AND left(e.date, size($until)) <= $until)
OPTIONAL MATCH (e)-[:FROM]->(o)
WITH e, direction, o ORDER BY o.name
WITH e, direction, collect(DISTINCT o.name) AS origin
OPTIONAL MATCH (e)-[:TO]->(d)
WITH e, direction, origin, d ORDER BY d.name
WITH e, direction, origin, collect(DISTINCT d.name) AS destination
OPTIONAL MATCH (e)-[:USING]->(craft)
WITH e, direction, origin, destination, craft ORDER BY craft.name
WITH e, direction, origin, destination, collect(DISTINCT craft.name) AS aircraft
OPTIONAL MATCH (e)-[:OPERATED_BY]->(op)
WITH e, direction, origin, destination, aircraft, op ORDER BY op.name
WITH e, direction, origin, destination, aircraft, collect(DISTINCT op.name) AS operators
RETURN e.date AS date, e.id AS flight, direction, origin, destination, coalesce(e.count, 1) AS trips,
       aircraft, operators, e.modality AS modality, e.source_count AS source_count
ORDER BY date, flight, direction
