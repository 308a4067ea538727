// Capability shift between theatres
// description: Equipment categories carried out of one country or theatre (the place, or any
//   base or place located in it) in a period, grouped by the country they arrived in (or by
//   `to` when given): how many events and trips, which equipment, first and last date.
//   Events without a known destination are grouped under a null destination; undated events
//   are left out.
// param from: entity(Place,Base) = place:syria — the country or theatre the equipment left (id or name)
// param to: entity(Place,Base) = "" — only this destination country or place (id or name); empty: any
// param since: date = 2024-12-08 — earliest date, ISO
// param until: date = 2100 — latest date, ISO
// columns: category, destination, events, trips, equipment, first_date, last_date
OPTIONAL MATCH (wanted:Entity {id: $to})
WITH wanted
MATCH (:Entity {id: $from})<-[:LOCATED_IN*0..6]-(:Entity)<-[:FROM]-(e:Event)
WITH wanted, e, coalesce(e.end_date, e.date) AS latest
WHERE latest IS NOT NULL AND latest >= left($since, size(latest)) AND left(e.date, size($until)) <= $until
WITH DISTINCT wanted, e
MATCH (e)-[:CARRIED]->(eq:Equipment)
OPTIONAL MATCH (e)-[:TO]->(t:Entity)
OPTIONAL MATCH (t)-[:LOCATED_IN*0..6]->(c:Place {kind: 'country'})
WITH e, eq, t, c, wanted
WHERE $to = '' OR t.id = $to OR (t)-[:LOCATED_IN*1..6]->(wanted)
WITH DISTINCT e, eq, CASE WHEN $to = '' THEN coalesce(c.name, t.name) ELSE wanted.name END AS destination
WITH eq.category AS category, destination, e, eq ORDER BY eq.name
WITH category, destination, e, collect(DISTINCT eq.name) AS carried
WITH category, destination, count(e) AS events, toInteger(sum(coalesce(e.count, 1))) AS trips,
     collect(carried) AS carried_lists, min(e.date) AS first_date,
     max(coalesce(e.end_date, e.date)) AS last_date
UNWIND carried_lists AS carried
UNWIND carried AS name
WITH category, destination, events, trips, first_date, last_date, name ORDER BY name
RETURN category, destination, events, trips, collect(DISTINCT name) AS equipment, first_date, last_date
ORDER BY category, destination
