// Claimed movements no track shows
// description: Reported flights (or voyages, with `label`) that no observed leg corroborates
//   or contradicts. `status` is 'not observed' when the airframe or ship the claim names has
//   tracks in the graph (`covered` tells whether one of them spans the claim's date), and
//   'no tracking data' when it has none or the claim names no single airframe or ship.
// param label: str = Flight — Flight or Voyage
// param since: date = 1900 — earliest date, ISO
// param until: date = 2100 — latest date, ISO
// columns: date, event, status, covered, craft, origin, destination, modality, source_count
MATCH (e:Event)
WHERE $label IN labels(e) AND NOT coalesce(e.modality, '') IN ['observed', 'denied']
  AND (e.date IS NULL OR (e.date >= left($since, size(e.date)) AND left(e.date, size($until)) <= $until))
OPTIONAL MATCH (e)-[f]->(:Event)
WHERE type(f) IN ['CORROBORATED_BY', 'CONTRADICTED_BY']
WITH e, count(f) AS fused
WHERE fused = 0
OPTIONAL MATCH (e)-[:USING]->(c)
OPTIONAL MATCH (c)<-[:TRACK_OF]-(t:Track)
WITH e, collect(DISTINCT c.name) AS craft, collect(DISTINCT t) AS tracks
WITH e, craft, size(tracks) AS tracked,
     size([t IN tracks WHERE e.date IS NOT NULL AND left(t.first_point_at, size(e.date)) <= e.date
                             AND left(t.last_point_at, size(e.date)) >= e.date]) AS covering
OPTIONAL MATCH (e)-[:FROM]->(o)
WITH e, craft, tracked, covering, o ORDER BY o.name
WITH e, craft, tracked, covering, collect(DISTINCT o.name) AS origin
OPTIONAL MATCH (e)-[:TO]->(d)
WITH e, craft, tracked, covering, origin, d ORDER BY d.name
WITH e, craft, tracked, covering, origin, collect(DISTINCT d.name) AS destination
RETURN e.date AS date, e.id AS event,
       CASE WHEN tracked > 0 THEN 'not observed' ELSE 'no tracking data' END AS status,
       covering > 0 AS covered, craft, origin, destination, e.modality AS modality, e.source_count AS source_count
ORDER BY date, event
