// What is new since a date
// description: Reports ingested, and entities, events and fact relationships first seen
//   (`first_seen`, the ingest date) on or after `since`.
// param since: date = 2025-01-01 — ISO date of ingest to start from
// columns: first_seen, kind, item, summary, sources
CALL {
  MATCH (r:Report)
  WHERE r.ingested_at >= $since
  RETURN left(r.ingested_at, 10) AS first_seen, 'report' AS kind, r.id AS item,
         coalesce(r.publisher + ': ', '') + coalesce(r.title, '') AS summary, [r.id] AS sources
  UNION ALL
  MATCH (n:Entity)
  WHERE n.first_seen >= $since
  OPTIONAL MATCH (r:Report)-[:MENTIONS]->(n)
  WITH n, r ORDER BY r.id
  WITH n, collect(r.id) AS sources
  RETURN n.first_seen AS first_seen, 'entity' AS kind, n.id AS item, n.name AS summary, sources
  UNION ALL
  MATCH (e:Event)
  WHERE e.first_seen >= $since
  RETURN e.first_seen AS first_seen, 'event' AS kind, e.id AS item,
         [x IN labels(e) WHERE x <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         e.sources AS sources
  UNION ALL
  MATCH (a:Entity)-[f]->(b:Entity)
  WHERE f.first_seen >= $since
  RETURN f.first_seen AS first_seen, 'fact' AS kind, a.id + ' ' + type(f) + ' ' + b.id AS item,
         a.name + ' ' + type(f) + ' ' + b.name AS summary, f.sources AS sources
}
RETURN first_seen, kind, item, summary, sources
ORDER BY first_seen, kind, item
