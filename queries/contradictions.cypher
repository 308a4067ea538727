// Contradictions
// description: Claims the sources disagree on. `denied`: the same event or fact is reported by
//   some sources and denied by others (per-source modality). `places`: one event, told by
//   more than one report, is given two origins or two destinations neither of which is located
//   in the other (al-Khadim versus Algeria; Khmeimim versus Syria is no contradiction). One
//   report listing two destinations is not a contradiction.
// columns: kind, item, summary, role, places, supported_by, denied_by
CALL {
  MATCH (e:Event)
  WHERE e.denied_count > 0 AND e.denied_count < e.source_count
  MATCH (r:Report)-[x:REPORTS]->(e)
  WITH e, r, x ORDER BY r.id
  WITH e, collect(CASE WHEN x.modality <> 'denied' THEN r.id END) AS supported_by,
       collect(CASE WHEN x.modality = 'denied' THEN r.id END) AS denied_by
  RETURN 'denied' AS kind, e.id AS item,
         [x IN labels(e) WHERE x <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         null AS role, [] AS places, supported_by, denied_by
  UNION ALL
  MATCH (a:Entity)-[f]->(b:Entity)
  WHERE f.denied_count > 0 AND f.denied_count < f.source_count
  MATCH (r:Report)-[:STATES]->(s:Statement {fact: f.fact})
  WITH a, f, b, r, s ORDER BY r.id
  WITH a, f, b, collect(CASE WHEN s.modality <> 'denied' THEN r.id END) AS supported_by,
       collect(CASE WHEN s.modality = 'denied' THEN r.id END) AS denied_by
  RETURN 'denied' AS kind, a.id + ' ' + type(f) + ' ' + b.id AS item,
         a.name + ' ' + type(f) + ' ' + b.name AS summary, null AS role, [] AS places, supported_by, denied_by
  UNION ALL
  MATCH (x:Entity)<-[:TO]-(e:Event)-[:TO]->(y:Entity)
  WHERE e.source_count > 1 AND x.id < y.id
    AND NOT (x)-[:LOCATED_IN*1..6]->(y) AND NOT (y)-[:LOCATED_IN*1..6]->(x)
  MATCH (r:Report)-[:REPORTS]->(e)
  WITH e, x, y, r ORDER BY r.id
  WITH e, x, y, collect(r.id) AS supported_by
  RETURN 'places' AS kind, e.id AS item,
         [l IN labels(e) WHERE l <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         'TO' AS role, [x.name, y.name] AS places, supported_by, [] AS denied_by
  UNION ALL
  MATCH (x:Entity)<-[:FROM]-(e:Event)-[:FROM]->(y:Entity)
  WHERE e.source_count > 1 AND x.id < y.id
    AND NOT (x)-[:LOCATED_IN*1..6]->(y) AND NOT (y)-[:LOCATED_IN*1..6]->(x)
  MATCH (r:Report)-[:REPORTS]->(e)
  WITH e, x, y, r ORDER BY r.id
  WITH e, x, y, collect(r.id) AS supported_by
  RETURN 'places' AS kind, e.id AS item,
         [l IN labels(e) WHERE l <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         'FROM' AS role, [x.name, y.name] AS places, supported_by, [] AS denied_by
}
RETURN kind, item, summary, role, places, supported_by, denied_by
ORDER BY kind, item, role, places
