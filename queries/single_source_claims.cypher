// Single-source claims
// description: Events and fact relationships that rest on one independent source: every report
//   supporting them comes from the same publisher (reports that deny the claim do not count).
//   Geography (LOCATED_IN) is left out, and so is what tracking data observed (modality
//   `observed`): it is no claim. A movement that a track corroborates rests on two kinds of
//   source and is left out too. Only claims first seen (ingested) on or after `seen_since`.
//   `sources` lists every report that tells the claim (denials included).
// param seen_since: date = 1900 — earliest first_seen, ISO
// columns: kind, item, summary, date, publisher, sources, modality, confidence
CALL {
  MATCH (e:Event)
  WHERE e.publisher_count = 1 AND e.first_seen >= $seen_since AND coalesce(e.modality, '') <> 'observed'
  OPTIONAL MATCH (e)-[c:CORROBORATED_BY]->(:Event)
  WITH e, count(c) AS tracked
  WHERE tracked = 0
  MATCH (r:Report)-[x:REPORTS]->(e)
  WITH e, r, x ORDER BY r.id
  WITH e, collect(r.id) AS sources,
       collect(CASE WHEN x.modality <> 'denied' THEN coalesce(r.publisher, r.id) END) AS outlets
  RETURN 'event' AS kind, e.id AS item,
         [x IN labels(e) WHERE x <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         e.date AS date, outlets[0] AS publisher, sources, e.modality AS modality, e.confidence AS confidence
  UNION ALL
  MATCH (a:Entity)-[f]->(b:Entity)
  WHERE f.publisher_count = 1 AND type(f) <> 'LOCATED_IN' AND f.first_seen >= $seen_since
    AND coalesce(f.modality, '') <> 'observed'
  MATCH (r:Report)-[:STATES]->(s:Statement {fact: f.fact})
  WITH a, f, b, r, s ORDER BY r.id
  WITH a, f, b, collect(r.id) AS sources,
       collect(CASE WHEN s.modality <> 'denied' THEN coalesce(r.publisher, r.id) END) AS outlets
  RETURN 'fact' AS kind, a.id + ' ' + type(f) + ' ' + b.id AS item,
         a.name + ' ' + type(f) + ' ' + b.name AS summary, f.since AS date, outlets[0] AS publisher,
         sources, f.modality AS modality, f.confidence AS confidence
}
RETURN kind, item, summary, date, publisher, sources, modality, confidence
ORDER BY kind, item
