// Corroborated events
// description: Events supported by at least `min_sources` independent sources. Sources count
//   as independent when they come from different publishers (a report without a publisher
//   counts on its own) or are of another kind: an observed leg from tracking data that
//   corroborates a reported movement counts as one more source ('tracking: <provider>'). A
//   report that denies the event does not support it. Only events whose (possibly coarse) date
//   may fall between `since` and `until`; undated events always count. `source_count` is the
//   number of reports that tell the event (denials included).
// param min_sources: int = 2 — the least number of independent publishers
// param since: date = 1900 — earliest event date, ISO
// param until: date = 2100 — latest event date, ISO
// columns: event, type, date, independent, publishers, source_count, modality, confidence
MATCH (e:Event)
WHERE e.date IS NULL OR (coalesce(e.end_date, e.date) >= left($since, size(coalesce(e.end_date, e.date)))
                         AND left(e.date, size($until)) <= $until)
OPTIONAL MATCH (e)-[:CORROBORATED_BY]->(:Event)<-[:REPORTS]-(t:Report)
WITH e, 'tracking: ' + coalesce(t.publisher, t.id) AS track ORDER BY track
WITH e, collect(DISTINCT track) AS tracked
WHERE coalesce(e.publisher_count, 0) + size(tracked) >= $min_sources
CALL {
  WITH e
  WITH e WHERE e.unnamed_sources > 0
  MATCH (r:Report)-[x:REPORTS]->(e)
  WHERE r.publisher IS NULL AND x.modality <> 'denied'
  RETURN collect(r.id) AS unnamed
}
WITH e, tracked, coalesce(e.publishers, []) + unnamed AS told
UNWIND CASE WHEN size(told) = 0 THEN [null] ELSE told END AS outlet
WITH e, tracked, outlet ORDER BY outlet
WITH e, tracked, collect(outlet) AS told
WITH e, told + [x IN tracked WHERE NOT x IN told] AS publishers
WHERE size(publishers) >= $min_sources
RETURN e.id AS event, [x IN labels(e) WHERE x <> 'Event'][0] AS type, e.date AS date,
       size(publishers) AS independent, publishers, e.source_count AS source_count, e.modality AS modality,
       e.confidence AS confidence
ORDER BY independent DESC, date, event
