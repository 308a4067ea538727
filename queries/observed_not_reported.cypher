// Observed movements no report mentions
// description: Observed flights (or voyages, with `label`) from tracking data that no reported
//   movement is fused with (neither corroborated nor contradicted by a claim). Endpoints the
//   track did not observe read 'not observed'; an observed stop far from any known airfield or
//   port reads 'unnamed place'.
// param label: str = Flight — Flight or Voyage
// param since: date = 1900 — earliest date, ISO
// param until: date = 2100 — latest date, ISO
// columns: date, event, craft, origin, destination, departed_at, arrived_at, gaps, provider
MATCH (e:Event {modality: 'observed'})
WHERE $label IN labels(e) AND e.date >= $since AND left(e.date, size($until)) <= $until
OPTIONAL MATCH (e)<-[f]-(:Event)
WHERE type(f) IN ['CORROBORATED_BY', 'CONTRADICTED_BY']
WITH e, count(f) AS fused
WHERE fused = 0
OPTIONAL MATCH (e)-[:USING]->(c)
OPTIONAL MATCH (e)-[:FROM]->(o)
OPTIONAL MATCH (e)-[:TO]->(d)
OPTIONAL MATCH (e)-[:OBSERVED_IN]->(t:Track)
RETURN e.date AS date, e.id AS event, c.name AS craft,
       coalesce(o.name, CASE WHEN e.from_observed THEN 'unnamed place' ELSE 'not observed' END) AS origin,
       coalesce(d.name, CASE WHEN e.to_observed THEN 'unnamed place' ELSE 'not observed' END) AS destination,
       e.departed_at AS departed_at, e.arrived_at AS arrived_at, e.gap_count AS gaps, t.provider AS provider
ORDER BY departed_at, event
