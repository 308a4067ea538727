// Contradictions
// description: Claims the sources disagree on. `denied`: the same event or fact is reported by
//   some sources and denied by others (per-source `modalities`). `places`: one event, told by
//   more than one report, is given two origins or two destinations neither of which is located
//   in the other (al-Khadim versus Algeria; Khmeimim versus Syria is no contradiction). One
//   report listing two destinations is not a contradiction.
// columns: kind, item, summary, role, places, supported_by, denied_by
CALL {
  MATCH (e:Event)
  WHERE 'denied' IN e.modalities AND any(m IN e.modalities WHERE m <> 'denied')
  RETURN 'denied' AS kind, e.id AS item,
         [x IN labels(e) WHERE x <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         null AS role, [] AS places,
         [i IN range(0, size(e.sources) - 1) WHERE e.modalities[i] <> 'denied' | e.sources[i]] AS supported_by,
         [i IN range(0, size(e.sources) - 1) WHERE e.modalities[i] = 'denied' | e.sources[i]] AS denied_by
  UNION ALL
  MATCH (a:Entity)-[f]->(b:Entity)
  WHERE 'denied' IN f.modalities AND any(m IN f.modalities WHERE m <> 'denied')
  RETURN 'denied' AS kind, a.id + ' ' + type(f) + ' ' + b.id AS item,
         a.name + ' ' + type(f) + ' ' + b.name AS summary, null AS role, [] AS places,
         [i IN range(0, size(f.sources) - 1) WHERE f.modalities[i] <> 'denied' | f.sources[i]] AS supported_by,
         [i IN range(0, size(f.sources) - 1) WHERE f.modalities[i] = 'denied' | f.sources[i]] AS denied_by
  UNION ALL
  MATCH (x:Entity)<-[:TO]-(e:Event)-[:TO]->(y:Entity)
  WHERE size(e.sources) > 1 AND x.id < y.id
    AND NOT (x)-[:LOCATED_IN*1..6]->(y) AND NOT (y)-[:LOCATED_IN*1..6]->(x)
  RETURN 'places' AS kind, e.id AS item,
         [l IN labels(e) WHERE l <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         'TO' AS role, [x.name, y.name] AS places, e.sources AS supported_by, [] AS denied_by
  UNION ALL
  MATCH (x:Entity)<-[:FROM]-(e:Event)-[:FROM]->(y:Entity)
  WHERE size(e.sources) > 1 AND x.id < y.id
    AND NOT (x)-[:LOCATED_IN*1..6]->(y) AND NOT (y)-[:LOCATED_IN*1..6]->(x)
  RETURN 'places' AS kind, e.id AS item,
         [l IN labels(e) WHERE l <> 'Event'][0] + ' ' + coalesce(e.date, 'undated') AS summary,
         'FROM' AS role, [x.name, y.name] AS places, e.sources AS supported_by, [] AS denied_by
}
RETURN kind, item, summary, role, places, supported_by, denied_by
ORDER BY kind, item, role, places
