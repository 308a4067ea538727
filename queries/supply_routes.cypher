// Multi-hop supply routes from one place to another
// description: Chains of one to three Flight, Transfer or Voyage legs that start in `from` and
//   end in `to`. Each end matches the place itself and every base or place located in it. Two
//   legs chain when the first one's destination is the next one's origin, is located in it
//   (Khmeimim -> Syria) or contains it (Libya -> al-Jufra), following LOCATED_IN at any depth.
//   Every dated leg must fall (possibly, for coarse dates) between `since` and `until`, and
//   with `in_order` a leg may not be dated before the previous one; undated legs always count.
//   On a busy graph keep the window narrow: the number of chains grows with the product of
//   the legs out of each stop. The query is a UNION of three fixed shapes (1, 2 and 3 legs): a variable-length
//   path cannot follow this derived "chains to" relation without writing it to the graph.
// param from: entity(Place,Base) = place:russia — where the route starts (id or name)
// param to: entity(Place,Base) = place:mali — where the route ends (id or name)
// param max_legs: int(1..3) = 3 — at most this many legs (1, 2 or 3)
// param leg_types: list = Flight,Transfer,Voyage — event labels that count as a leg
// param in_order: bool = true — legs must not go back in time
// param since: date = 1900 — earliest leg date, ISO
// param until: date = 2100 — latest leg date, ISO
//   `source_counts` gives, per leg, the number of reports that tell it.
// columns: legs, stops, route, events, dates, source_counts
OPTIONAL MATCH (:Entity {id: $to})<-[:LOCATED_IN*0..6]-(t3:Entity)<-[:TO]-(l3:Event)-[:FROM]->(f3:Entity)
WHERE any(lab IN labels(l3) WHERE lab IN $leg_types)
  AND (l3.date IS NULL OR (coalesce(l3.end_date, l3.date) >= left($since, size(coalesce(l3.end_date, l3.date))) AND left(l3.date, size($until)) <= $until))
WITH DISTINCT l3, f3, t3
WITH collect(CASE WHEN l3 IS NULL THEN null ELSE {
       id: l3.id, label: [lab IN labels(l3) WHERE lab <> 'Event'][0], date: l3.date, end_date: l3.end_date, source_count: l3.source_count,
       origin: f3.name, origin_id: f3.id, target: t3.name,
       near: [(f3)-[:LOCATED_IN*0..6]->(up) | up.id] + [(down)-[:LOCATED_IN*1..6]->(f3) | down.id]} END) AS finals
MATCH (start:Entity {id: $from})
WITH finals, [start.id] + [(inside)-[:LOCATED_IN*1..6]->(start) | inside.id] AS from_area
CALL {
  WITH finals, from_area
  UNWIND finals AS fin
  WITH fin WHERE fin.origin_id IN from_area
  RETURN 1 AS legs, [fin.origin, fin.target] AS stops, [fin.label + ' ' + coalesce(fin.date, 'undated') + ': ' + fin.origin + ' -> ' + fin.target] AS route,
         [fin.id] AS events, [fin.date] AS dates, [fin.source_count] AS source_counts
  UNION
  WITH finals
  MATCH (:Entity {id: $from})<-[:LOCATED_IN*0..6]-(f1:Entity)<-[:FROM]-(l1:Event)-[:TO]->(t1:Entity)
  WHERE $max_legs >= 2 AND size(finals) > 0 AND any(lab IN labels(l1) WHERE lab IN $leg_types)
    AND (l1.date IS NULL OR (coalesce(l1.end_date, l1.date) >= left($since, size(coalesce(l1.end_date, l1.date))) AND left(l1.date, size($until)) <= $until))
  UNWIND finals AS fin
  WITH f1, l1, t1, fin
  WHERE t1.id IN fin.near AND fin.id <> l1.id
    AND (NOT $in_order OR l1.date IS NULL OR fin.date IS NULL
         OR coalesce(fin.end_date, fin.date) >= left(l1.date, size(coalesce(fin.end_date, fin.date))))
  RETURN 2 AS legs,
         [f1.name, t1.name] + CASE WHEN fin.origin_id = t1.id THEN [] ELSE [fin.origin] END + [fin.target] AS stops,
         [[lab IN labels(l1) WHERE lab <> 'Event'][0] + ' ' + coalesce(l1.date, 'undated') + ': ' + f1.name + ' -> ' + t1.name,
          fin.label + ' ' + coalesce(fin.date, 'undated') + ': ' + fin.origin + ' -> ' + fin.target] AS route,
         [l1.id, fin.id] AS events, [l1.date, fin.date] AS dates, [l1.source_count, fin.source_count] AS source_counts
  UNION
  WITH finals
  MATCH (:Entity {id: $from})<-[:LOCATED_IN*0..6]-(f1:Entity)<-[:FROM]-(l1:Event)-[:TO]->(t1:Entity)
  WHERE $max_legs >= 3 AND size(finals) > 0 AND any(lab IN labels(l1) WHERE lab IN $leg_types)
    AND (l1.date IS NULL OR (coalesce(l1.end_date, l1.date) >= left($since, size(coalesce(l1.end_date, l1.date))) AND left(l1.date, size($until)) <= $until))
  WITH finals, f1, l1, t1, [(t1)-[:LOCATED_IN*0..6]->(up) | up] + [(down)-[:LOCATED_IN*1..6]->(t1) | down] AS near1
  UNWIND near1 AS f2
  MATCH (f2)<-[:FROM]-(l2:Event)-[:TO]->(t2:Entity)
  WHERE l2.id <> l1.id AND any(lab IN labels(l2) WHERE lab IN $leg_types)
    AND (l2.date IS NULL OR (coalesce(l2.end_date, l2.date) >= left($since, size(coalesce(l2.end_date, l2.date))) AND left(l2.date, size($until)) <= $until))
    AND (NOT $in_order OR l1.date IS NULL OR l2.date IS NULL
         OR coalesce(l2.end_date, l2.date) >= left(l1.date, size(coalesce(l2.end_date, l2.date))))
  UNWIND finals AS fin
  WITH f1, l1, t1, f2, l2, t2, fin
  WHERE t2.id IN fin.near AND fin.id <> l1.id AND fin.id <> l2.id
    AND (NOT $in_order OR l2.date IS NULL OR fin.date IS NULL
         OR coalesce(fin.end_date, fin.date) >= left(l2.date, size(coalesce(fin.end_date, fin.date))))
  RETURN 3 AS legs,
         [f1.name, t1.name] + CASE WHEN f2.id = t1.id THEN [] ELSE [f2.name] END + [t2.name]
           + CASE WHEN fin.origin_id = t2.id THEN [] ELSE [fin.origin] END + [fin.target] AS stops,
         [[lab IN labels(l1) WHERE lab <> 'Event'][0] + ' ' + coalesce(l1.date, 'undated') + ': ' + f1.name + ' -> ' + t1.name,
          [lab IN labels(l2) WHERE lab <> 'Event'][0] + ' ' + coalesce(l2.date, 'undated') + ': ' + f2.name + ' -> ' + t2.name,
          fin.label + ' ' + coalesce(fin.date, 'undated') + ': ' + fin.origin + ' -> ' + fin.target] AS route,
         [l1.id, l2.id, fin.id] AS events, [l1.date, l2.date, fin.date] AS dates,
         [l1.source_count, l2.source_count, fin.source_count] AS source_counts
}
RETURN legs, stops, route, events, dates, source_counts
ORDER BY legs, events, stops
