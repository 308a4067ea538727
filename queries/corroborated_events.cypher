// Corroborated events
// description: Events supported by at least `min_sources` independent sources. Sources count
//   as independent when they come from different publishers (a report without a publisher
//   counts on its own) or are of another kind: an observed leg from tracking data that
//   corroborates a reported movement counts as one more source ('tracking: <provider>'). A
//   report that denies the event does not support it. Only events whose (possibly coarse) date
//   may fall between `since` and `until`; undated events always count.
// param min_sources: int = 2 — the least number of independent publishers
// param since: date = 1900 — earliest event date, ISO
// param until: date = 2100 — latest event date, ISO
// columns: event, type, date, independent, publishers, sources, modality, confidence
MATCH (e:Event)
WHERE e.date IS NULL OR (coalesce(e.end_date, e.date) >= left($since, size(coalesce(e.end_date, e.date)))
                         AND left(e.date, size($until)) <= $until)
MATCH (r:Report)-[:REPORTS]->(e)
WITH e, r, [i IN range(0, size(e.sources) - 1) WHERE e.sources[i] = r.id | e.modalities[i]][0] AS said
WHERE said IS NULL OR said <> 'denied'
WITH e, coalesce(r.publisher, r.id) AS outlet ORDER BY outlet
WITH e, collect(DISTINCT outlet) AS told
OPTIONAL MATCH (e)-[:CORROBORATED_BY]->(:Event)<-[:REPORTS]-(t:Report)
WITH e, told, 'tracking: ' + coalesce(t.publisher, t.id) AS track ORDER BY track
WITH e, told, collect(DISTINCT track) AS tracked
WITH e, told + [x IN tracked WHERE NOT x IN told] AS publishers
WHERE size(publishers) >= $min_sources
RETURN e.id AS event, [x IN labels(e) WHERE x <> 'Event'][0] AS type, e.date AS date,
       size(publishers) AS independent, publishers, e.sources AS sources, e.modality AS modality,
       e.confidence AS confidence
ORDER BY independent DESC, date, event
