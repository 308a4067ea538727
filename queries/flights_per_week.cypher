// Flights per route per week
// description: Flights (or voyages, with `label`) counted per origin, destination and week
//   (weeks start on Monday; `week` is that Monday's date), observed legs and reported claims
//   apart. Only movements dated to the day; denied ones are left out. An endpoint a track did
//   not observe, or a report does not name, counts as '?'.
// param label: str = Flight — Flight or Voyage
// param since: date = 1900 — earliest date, ISO
// param until: date = 2100 — latest date, ISO
// columns: week, origin, destination, observed, reported, events
MATCH (e:Event)
WHERE $label IN labels(e) AND e.week IS NOT NULL AND coalesce(e.modality, '') <> 'denied'
  AND e.date >= $since AND left(e.date, size($until)) <= $until
OPTIONAL MATCH (e)-[:FROM]->(o)
WITH e, o ORDER BY o.name
WITH e, coalesce(collect(o.name)[0], '?') AS origin
OPTIONAL MATCH (e)-[:TO]->(d)
WITH e, origin, d ORDER BY d.name
WITH e, origin, coalesce(collect(d.name)[0], '?') AS destination
RETURN e.week AS week, origin, destination,
       sum(CASE WHEN e.modality = 'observed' THEN 1 ELSE 0 END) AS observed,
       sum(CASE WHEN e.modality = 'observed' THEN 0 ELSE 1 END) AS reported, count(e) AS events
ORDER BY week, origin, destination
