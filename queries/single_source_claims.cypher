// Single-source claims
// description: Events and fact relationships that rest on one independent source: every report
//   supporting them comes from the same publisher (reports that deny the claim do not count).
//   Geography (LOCATED_IN) is left out, and so is what tracking data observed (modality
//   `observed`): it is no claim. A movement that a track corroborates rests on two kinds of
//   source and is left out too. Only claims first seen (ingested) on or after `seen_since`.
// param seen_since: date = 1900 — earliest first_seen, ISO
// columns: kind, item, summary, date, publisher, sources, modality, confidence
CALL {
  MATCH (e:Event)
  WHERE e.first_seen >= $seen_since AND coalesce(e.modality, '') <> 'observed'
  OPTIONAL MATCH (e)-[c:CORROBORATED_BY]->(:Event)
  WITH e, count(c) AS tracked
  WHERE tracked = 0
  MATCH (r:Report)-[:REPORTS]->(e)
  WITH e, r, [i IN range(0, size(e.sources) - 1) WHERE e.sources[i] = r.id | e.modalities[i]][0] AS said
  WHERE said IS NULL OR said <> 'denied'
  WITH e, collect(DISTINCT coalesce(r.publisher, r.id)) AS publishers
  WHERE size(publishers) = 1
  RETURN 'event' AS kind, e.id AS item,
         [x IN labels(e) WHERE x <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         e.date AS date, publishers[0] AS publisher, e.sources AS sources, e.modality AS modality,
         e.confidence AS confidence
  UNION ALL
  MATCH (a:Entity)-[f]->(b:Entity)
  WHERE type(f) <> 'LOCATED_IN' AND f.sources IS NOT NULL AND f.first_seen >= $seen_since
    AND coalesce(f.modality, '') <> 'observed'
  UNWIND range(0, size(f.sources) - 1) AS i
  WITH a, f, b, i
  WHERE coalesce(f.modalities[i], '') <> 'denied'
  MATCH (r:Report {id: f.sources[i]})
  WITH a, f, b, collect(DISTINCT coalesce(r.publisher, r.id)) AS publishers
  WHERE size(publishers) = 1
  RETURN 'fact' AS kind, a.id + ' ' + type(f) + ' ' + b.id AS item,
         a.name + ' ' + type(f) + ' ' + b.name AS summary, f.since AS date, publishers[0] AS publisher,
         f.sources AS sources, f.modality AS modality, f.confidence AS confidence
}
RETURN kind, item, summary, date, publisher, sources, modality, confidence
ORDER BY kind, item
