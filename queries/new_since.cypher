// What is new since a date
// description: Reports published, and entities, events and fact relationships first reported
//   (`first_reported`: the earliest publication date of the reports that state them; an
//   event no dated report states counts from its own date) on or after `since`.
// param since: date = 2025-01-01 — ISO date, report time (2024, 2024-12 or 2024-12-13)
// columns: first_reported, kind, item, summary, sources
CALL {
  MATCH (r:Report)
  WHERE r.published >= $since
  RETURN r.published AS first_reported, 'report' AS kind, r.id AS item,
         coalesce(r.publisher + ': ', '') + coalesce(r.title, '') AS summary, [r.id] AS sources
  UNION ALL
  MATCH (n:Entity)
  WHERE n.first_reported >= $since
  OPTIONAL MATCH (r:Report)-[:MENTIONS]->(n)
  WITH n, r ORDER BY r.id
  WITH n, collect(r.id) AS sources
  RETURN n.first_reported AS first_reported, 'entity' AS kind, n.id AS item, n.name AS summary, sources
  UNION ALL
  MATCH (e:Event)
  WHERE e.first_reported >= $since
  RETURN e.first_reported AS first_reported, 'event' AS kind, e.id AS item,
         [x IN labels(e) WHERE x <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         e.sources AS sources
  UNION ALL
  MATCH (a:Entity)-[f]->(b:Entity)
  WHERE f.first_reported >= $since
  RETURN f.first_reported AS first_reported, 'fact' AS kind, a.id + ' ' + type(f) + ' ' + b.id AS item,
         a.name + ' ' + type(f) + ' ' + b.name AS summary, f.sources AS sources
}
RETURN first_reported, kind, item, summary, sources
ORDER BY first_reported, kind, item
