// What is new since a date
// description: Reports published, and entities, events and fact relationships first reported
//   (`first_reported`: the earliest publication date of the reports that state them; an
//   event no dated report states counts from its own date) on or after `since`, with the
//   number of reports that state (or, for an entity, name) each.
// param since: date = 2025-01-01 — ISO date, report time (2024, 2024-12 or 2024-12-13)
// columns: first_reported, kind, item, summary, source_count
CALL {
  MATCH (r:Report)
  WHERE r.published >= $since
  RETURN r.published AS first_reported, 'report' AS kind, r.id AS item,
         coalesce(r.publisher + ': ', '') + coalesce(r.title, '') AS summary, 1 AS source_count
  UNION ALL
  MATCH (n:Entity)
  WHERE n.first_reported >= $since
  OPTIONAL MATCH (r:Report)-[:MENTIONS]->(n)
  WITH n, count(r) AS source_count
  RETURN n.first_reported AS first_reported, 'entity' AS kind, n.id AS item, n.name AS summary, source_count
  UNION ALL
  MATCH (e:Event)
  WHERE e.first_reported >= $since
  RETURN e.first_reported AS first_reported, 'event' AS kind, e.id AS item,
         [x IN labels(e) WHERE x <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         e.source_count AS source_count
  UNION ALL
  MATCH (a:Entity)-[f]->(b:Entity)
  WHERE f.first_reported >= $since
  RETURN f.first_reported AS first_reported, 'fact' AS kind, a.id + ' ' + type(f) + ' ' + b.id AS item,
         a.name + ' ' + type(f) + ' ' + b.name AS summary, f.source_count AS source_count
}
RETURN first_reported, kind, item, summary, source_count
ORDER BY first_reported, kind, item
